interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

/**
 * Docker publishes a port on every interface (0.0.0.0 and [::]) unless told otherwise, which
 * would put a learner's database on their network. Rewrites a container's port bindings, before
 * it is created, to publish on 127.0.0.1 only; `pinned` fixes the host port of a container port,
 * so that a container stopped and started again (an outage a test causes) keeps its address.
 */
export function publishOnLoopbackOnly(hostConfig: { PortBindings?: Record<string, PortBinding[]> | unknown }, pinned: Record<number, number> = {}): void {
  const bindings = (hostConfig.PortBindings ?? {}) as Record<string, PortBinding[]>;
  for (const [port, hosts] of Object.entries(bindings)) {
    const hostPort = pinned[Number.parseInt(port, 10)];
    bindings[port] = hosts.map((host) => ({ ...host, HostIp: '127.0.0.1', ...(hostPort ? { HostPort: String(hostPort) } : {}) }));
  }
}
