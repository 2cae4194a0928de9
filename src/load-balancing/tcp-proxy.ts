/** A TCP listener: each connection is piped to one target of the default action's target group. */
import net from "node:net";
import type { Forwarding } from "./http-proxy.js";
import type { ListenerView } from "./view.js";

export function tcpHandler(current: () => ListenerView, fwd: Forwarding) {
  return (client: net.Socket): void => {
    const listener = current();
    const action = listener.rules.find((r) => r.priority === null)?.actions.find((a) => a.Type === "forward");
    const group = action && fwd.chooseGroup(action);
    const target = group ? fwd.pick(group, client).target : undefined;
    if (!target) {
      client.destroy();
      return;
    }
    const done = fwd.begin(target);
    const up = net.connect({ host: target.address, port: target.port });
    const close = () => {
      client.destroy();
      up.destroy();
      done();
    };
    up.on("error", close);
    client.on("error", close);
    up.on("close", close);
    client.on("close", close);
    client.pipe(up);
    up.pipe(client);
  };
}
