import { test } from "node:test";
import assert from "node:assert/strict";
import { conditionMatches, inCidr, matchRule, wildcard, type RequestFacts } from "./rule-match.js";
import type { RuleView } from "./view.js";

const req = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  method: "GET",
  host: "api.example.com:8080",
  path: "/api/users/7",
  query: [["version", "v2"], ["debug", "1"]],
  headers: { "user-agent": "curl/8.5", "x-env": ["blue", "canary"] },
  sourceIp: "127.0.0.1",
  ...over,
});

const rule = (priority: number | null, conditions: RuleView["conditions"], name = String(priority)): RuleView => ({
  arn: name,
  priority,
  conditions,
  actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "200" } }],
});

test("wildcards: * any run, ? one character, other characters literal", () => {
  assert.ok(wildcard("/api/*", "/api/users/7", false));
  assert.ok(wildcard("/img/?.png", "/img/a.png", false));
  assert.ok(!wildcard("/img/?.png", "/img/ab.png", false));
  assert.ok(!wildcard("/a.c", "/abc", false));
  assert.ok(!wildcard("/API/*", "/api/x", false));
  assert.ok(wildcard("*.EXAMPLE.com", "api.example.com", true));
});

test("path patterns are case-sensitive and ignore the query", () => {
  assert.ok(conditionMatches({ Field: "path-pattern", PathPatternConfig: { Values: ["/api/*"] } }, req()));
  assert.ok(!conditionMatches({ Field: "path-pattern", PathPatternConfig: { Values: ["/Api/*"] } }, req()));
  assert.ok(conditionMatches({ Field: "path-pattern", Values: ["/nope", "/api/users/?"] }, req()));
});

test("host headers match without the port, case-insensitively", () => {
  assert.ok(conditionMatches({ Field: "host-header", HostHeaderConfig: { Values: ["API.example.com"] } }, req()));
  assert.ok(conditionMatches({ Field: "host-header", HostHeaderConfig: { Values: ["*.example.com"] } }, req()));
  assert.ok(!conditionMatches({ Field: "host-header", HostHeaderConfig: { Values: ["example.com"] } }, req()));
});

test("http headers: any value of the named header, case-insensitive; a missing header never matches", () => {
  assert.ok(conditionMatches({ Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "User-Agent", Values: ["*CURL*"] } }, req()));
  assert.ok(conditionMatches({ Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "X-Env", Values: ["canary"] } }, req()));
  assert.ok(!conditionMatches({ Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "X-Missing", Values: ["*"] } }, req()));
});

test("methods match exactly; query strings by key and value with wildcards", () => {
  assert.ok(conditionMatches({ Field: "http-request-method", HttpRequestMethodConfig: { Values: ["POST", "GET"] } }, req()));
  assert.ok(!conditionMatches({ Field: "http-request-method", HttpRequestMethodConfig: { Values: ["get"] } }, req()));
  assert.ok(conditionMatches({ Field: "query-string", QueryStringConfig: { Values: [{ Key: "version", Value: "V*" }] } }, req()));
  assert.ok(conditionMatches({ Field: "query-string", QueryStringConfig: { Values: [{ Value: "1" }] } }, req()));
  assert.ok(!conditionMatches({ Field: "query-string", QueryStringConfig: { Values: [{ Key: "version", Value: "v1" }] } }, req()));
});

test("source ip matches CIDR blocks", () => {
  assert.ok(inCidr("127.0.0.1", "127.0.0.0/8"));
  assert.ok(inCidr("::ffff:127.0.0.1", "127.0.0.1/32"));
  assert.ok(!inCidr("127.0.0.1", "10.0.0.0/8"));
  assert.ok(inCidr("10.1.2.3", "0.0.0.0/0"));
});

test("the first rule by priority whose conditions all match takes the request; else the default", () => {
  const rules = [
    rule(1, [{ Field: "path-pattern", PathPatternConfig: { Values: ["/api/*"] } }, { Field: "http-request-method", HttpRequestMethodConfig: { Values: ["POST"] } }]),
    rule(2, [{ Field: "host-header", HostHeaderConfig: { Values: ["api.*"] } }]),
    rule(3, [{ Field: "path-pattern", PathPatternConfig: { Values: ["/api/*"] } }]),
    rule(null, [], "default"),
  ];
  assert.equal(matchRule(rules, req())?.arn, "2");
  assert.equal(matchRule(rules, req({ method: "POST" }))?.arn, "1");
  assert.equal(matchRule(rules, req({ host: "www.example.com" }))?.arn, "3");
  assert.equal(matchRule(rules, req({ host: "www.example.com", path: "/" }))?.arn, "default");
});
