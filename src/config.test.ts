import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, DEFAULT_PORT, resolveServerConfig } from "./config.js";

test("defaults: loopback, the documented port, account 000000000000, us-east-1", () => {
  const c = resolveServerConfig(new Map(), {});
  assert.equal(c.host, "127.0.0.1");
  assert.equal(c.port, DEFAULT_PORT);
  assert.equal(c.accountId, "000000000000");
  assert.equal(c.region, "us-east-1");
  assert.match(c.dataDir, /\.berth$/);
  assert.equal(c.taskCleanupWaitSeconds, 3600);
  assert.equal(c.embeddedAgent, true);
});

test("flags win over environment variables", () => {
  const c = resolveServerConfig(new Map([["--port", ["9000"]]]), { BERTH_PORT: "8000", BERTH_ACCOUNT_ID: "111122223333" });
  assert.equal(c.port, 9000);
  assert.equal(c.accountId, "111122223333");
});

test("bad values are refused", () => {
  assert.throws(() => resolveServerConfig(new Map([["--port", ["x"]]]), {}), ConfigError);
  assert.throws(() => resolveServerConfig(new Map([["--account-id", ["12"]]]), {}), ConfigError);
  assert.throws(() => resolveServerConfig(new Map([["--access-key", ["nocolon"]]]), {}), ConfigError);
  assert.throws(() => resolveServerConfig(new Map([["--task-cleanup-wait", ["-1"]]]), {}), ConfigError);
});

test("access keys come from flags and BERTH_ACCESS_KEYS", () => {
  const c = resolveServerConfig(new Map([["--access-key", ["a:b"]]]), { BERTH_ACCESS_KEYS: "c:d,e:f" });
  assert.deepEqual(c.accessKeys, [{ id: "a", secret: "b" }, { id: "c", secret: "d" }, { id: "e", secret: "f" }]);
});

test("the DNS server: 127.0.0.1:4553 by default; --dns-port 0 and BERTH_DNS_PORT; bad ports refused", () => {
  const d = resolveServerConfig(new Map(), {});
  assert.equal(d.dnsHost, "127.0.0.1");
  assert.equal(d.dnsPort, 4553);
  assert.equal(resolveServerConfig(new Map([["--dns-port", ["0"]]]), { BERTH_DNS_PORT: "5000" }).dnsPort, 0);
  assert.equal(resolveServerConfig(new Map(), { BERTH_DNS_PORT: "5000", BERTH_DNS_HOST: "127.0.0.2" }).dnsHost, "127.0.0.2");
  assert.throws(() => resolveServerConfig(new Map([["--dns-port", ["70000"]]]), {}), ConfigError);
});
