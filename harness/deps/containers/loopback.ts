interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

/**
 * Docker publishes a port on every interface (0.0.0.0 and [::]) unless told otherwise, which
 * would put a learner's database on their network. Rewrites a container's port bindings, before
 * it is created, to publish on 127.0.0.1 only.
 */
export function publishOnLoopbackOnly(hostConfig: { PortBindings?: Record<string, PortBinding[]> | unknown }): void {
  const bindings = (hostConfig.PortBindings ?? {}) as Record<string, PortBinding[]>;
  for (const [port, hosts] of Object.entries(bindings)) {
    bindings[port] = hosts.map((host) => ({ ...host, HostIp: '127.0.0.1' }));
  }
}
