/**
 * Protocol conformance on a live endpoint: routing by X-Amz-Target and by Action/Version,
 * x-amzn-RequestId on every answer, AWS JSON 1.1 and AWS Query error shapes and statuses,
 * unknown operations, malformed bodies, and model validation naming the field.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useTestServer } from "./harness.js";
import { ecsCall, rawRequest } from "./raw-client.js";

const env = useTestServer();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("AWS JSON 1.1", () => {
  test("a signed ECS call succeeds with the JSON content type and a request id", async () => {
    const res = await ecsCall(env.server.url, "ListClusters", {});
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/x-amz-json-1.1");
    assert.match(res.headers.get("x-amzn-requestid") ?? "", UUID);
    assert.deepEqual(res.json(), { clusterArns: [] });
  });

  test("an empty body is accepted as {}", async () => {
    const res = await ecsCall(env.server.url, "ListClusters", "");
    assert.equal(res.status, 200);
  });

  test("timestamps are epoch seconds as JSON numbers", async () => {
    const res = await ecsCall(env.server.url, "RegisterTaskDefinition", {
      family: "proto-ts",
      containerDefinitions: [{ name: "app", image: "busybox", memory: 64 }],
    });
    assert.equal(res.status, 200, res.text);
    const registeredAt = (res.json().taskDefinition as { registeredAt: unknown }).registeredAt;
    assert.equal(typeof registeredAt, "number");
    assert.ok(Math.abs((registeredAt as number) - Date.now() / 1000) < 600);
  });

  test("an unknown operation is UnknownOperationException", async () => {
    const res = await ecsCall(env.server.url, "FlyToTheMoon", {});
    assert.equal(res.status, 400);
    assert.equal(res.json().__type, "UnknownOperationException");
    assert.match(res.headers.get("x-amzn-requestid") ?? "", UUID);
  });

  test("an unknown target prefix is UnknownOperationException", async () => {
    const res = await rawRequest(env.server.url, { headers: { "x-amz-target": "NoSuchService_20200101.Thing", "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    assert.equal(res.status, 400);
    assert.equal(res.json().__type, "UnknownOperationException");
  });

  test("malformed JSON is SerializationException", async () => {
    const res = await ecsCall(env.server.url, "ListClusters", "{not json");
    assert.equal(res.status, 400);
    assert.equal(res.json().__type, "SerializationException");
    assert.equal(typeof res.json().message, "string");
  });

  test("a JSON body that is not an object is SerializationException", async () => {
    const res = await ecsCall(env.server.url, "ListClusters", "[1,2]");
    assert.equal(res.json().__type, "SerializationException");
  });

  test("a missing required member is InvalidParameterException naming it", async () => {
    const res = await ecsCall(env.server.url, "RegisterTaskDefinition", { containerDefinitions: [] });
    assert.equal(res.status, 400);
    assert.equal(res.json().__type, "InvalidParameterException");
    assert.match(res.json().message as string, /'family'/);
  });

  test("a wrong type is InvalidParameterException naming the member", async () => {
    const res = await ecsCall(env.server.url, "ListClusters", { maxResults: "ten" });
    assert.equal(res.json().__type, "InvalidParameterException");
    assert.match(res.json().message as string, /'maxResults'/);
  });

  test("a bad enum value is InvalidParameterException listing the valid values", async () => {
    const res = await ecsCall(env.server.url, "DescribeClusters", { include: ["EVERYTHING"] });
    assert.equal(res.json().__type, "InvalidParameterException");
    assert.match(res.json().message as string, /include/);
    assert.match(res.json().message as string, /STATISTICS/);
  });

  test("a nested member is named with its path", async () => {
    const res = await ecsCall(env.server.url, "RegisterTaskDefinition", { family: "x", containerDefinitions: [{ name: "a", memory: "lots" }] });
    assert.equal(res.json().__type, "InvalidParameterException");
    assert.match(res.json().message as string, /containerDefinitions\.1\.member\.memory/);
  });

  test("a model operation berth does not carry out yet is UnsupportedFeatureException", async () => {
    const res = await ecsCall(env.server.url, "UpdateContainerAgent", { containerInstance: "x" });
    assert.equal(res.status, 400);
    assert.equal(res.json().__type, "UnsupportedFeatureException");
  });

  test("a request with no operation at all is UnknownOperationException", async () => {
    const res = await rawRequest(env.server.url, { headers: { "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    assert.equal(res.status, 400);
    assert.equal(res.json().__type, "UnknownOperationException");
  });
});

describe("AWS Query", () => {
  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const query = (params: Record<string, string>, extra: Parameters<typeof rawRequest>[1] = {}) =>
    rawRequest(env.server.url, { headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: form(params), sign: { service: "sts" }, ...extra });

  test("STS GetCallerIdentity answers in XML with the account", async () => {
    const res = await query({ Action: "GetCallerIdentity", Version: "2011-06-15" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get("content-type"), "text/xml");
    assert.match(res.text, /<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/">/);
    assert.match(res.text, /<GetCallerIdentityResult>.*<Account>000000000000<\/Account>.*<\/GetCallerIdentityResult>/s);
    const id = res.headers.get("x-amzn-requestid");
    assert.match(id ?? "", UUID);
    assert.match(res.text, new RegExp(`<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata>`));
  });

  test("an unknown action is an XML InvalidAction error", async () => {
    const res = await query({ Action: "AssumeNothing", Version: "2011-06-15" });
    assert.equal(res.status, 400);
    assert.match(res.text, /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/);
  });

  test("an unknown version is an XML InvalidAction error", async () => {
    const res = await query({ Action: "GetCallerIdentity", Version: "1999-01-01" });
    assert.equal(res.status, 400);
    assert.match(res.text, /<Code>InvalidAction<\/Code>/);
  });

  test("an unsigned query request is MissingAuthenticationToken in XML", async () => {
    const res = await query({ Action: "GetCallerIdentity", Version: "2011-06-15" }, { sign: false });
    assert.equal(res.status, 403);
    assert.match(res.text, /<Code>MissingAuthenticationToken<\/Code>/);
  });

  test("a GET with the query string works", async () => {
    const res = await rawRequest(env.server.url, { method: "GET", path: "/?Action=GetCallerIdentity&Version=2011-06-15", sign: { service: "sts" } });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<Account>000000000000<\/Account>/);
  });
});
