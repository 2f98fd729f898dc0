import amqp from 'amqplib';

/** The broker's version once an AMQP connection opens within the time given, or undefined. */
export async function pingRabbitmq(uri: string, timeoutMs = 1000): Promise<string | undefined> {
  // A frozen broker accepts the TCP connection (the kernel's backlog) and answers nothing, so
  // the whole handshake gets one deadline.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  const opened = amqp.connect(uri, { timeout: timeoutMs });
  const ask = async (): Promise<string | undefined> => {
    const connection = await opened;
    connection.on('error', () => {});
    return `RabbitMQ ${connection.connection.serverProperties.version ?? '?'}`;
  };
  try {
    return await Promise.race([ask().catch(() => undefined), deadline]);
  } finally {
    clearTimeout(timer);
    // Closed once, here: answered, or opened past the deadline (closed rather than leaked).
    void opened.then((connection) => connection.close().catch(() => undefined), () => undefined);
  }
}
