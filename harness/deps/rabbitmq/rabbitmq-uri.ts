/** The AMQP URL of a broker's default vhost as the default user (guest), which both backends use. */
export function rabbitmqUri(host: string, port: number): string {
  return `amqp://guest:guest@${host}:${port}`;
}
