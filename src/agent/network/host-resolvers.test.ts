import { test } from "node:test";
import assert from "node:assert/strict";
import { hostResolvers, nameserversOf } from "./host-resolvers.js";

test("nameserversOf keeps non-loopback nameservers in order, once each", () => {
  const conf = "# generated\nsearch corp.example\nnameserver 127.0.0.53\nnameserver 10.0.0.2\n nameserver 10.0.0.3 \nnameserver 10.0.0.2\nnameserver ::1\nnameserver fe80::1%eth0\noptions ndots:0\n";
  assert.deepEqual(nameserversOf(conf), ["10.0.0.2", "10.0.0.3", "fe80::1"]);
  assert.deepEqual(nameserversOf(""), []);
});

test("hostResolvers: off with BERTH_DNS_FALLBACK=0; systemd-resolved's upstreams when resolv.conf names only its stub", () => {
  const files: Record<string, string> = { "/etc/resolv.conf": "nameserver 127.0.0.53\n", "/run/systemd/resolve/resolv.conf": "nameserver 192.0.2.1\n" };
  const read = (f: string) => {
    const text = files[f];
    if (text === undefined) throw new Error("ENOENT");
    return text;
  };
  assert.deepEqual(hostResolvers({}, read), ["192.0.2.1"]);
  assert.deepEqual(hostResolvers({ BERTH_DNS_FALLBACK: "0" }, read), []);
  assert.deepEqual(hostResolvers({}, () => { throw new Error("ENOENT"); }), []);
});
