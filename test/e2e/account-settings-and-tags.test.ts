/** Account settings and resource tags through @aws-sdk/client-ecs against a live server. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateClusterCommand,
  DeleteAccountSettingCommand,
  ListAccountSettingsCommand,
  ListTagsForResourceCommand,
  PutAccountSettingCommand,
  PutAccountSettingDefaultCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";

const env = useTestServer();

const ROOT = "arn:aws:iam::000000000000:root";

describe("account settings", () => {
  test("PutAccountSetting stores and echoes; ListAccountSettings returns it", async () => {
    const put = await env.ecs.send(new PutAccountSettingCommand({ name: "containerInsights", value: "enabled" }));
    assert.deepEqual(put.setting, { name: "containerInsights", value: "enabled", principalArn: ROOT, type: "user" });
    const listed = await env.ecs.send(new ListAccountSettingsCommand({}));
    assert.deepEqual(listed.settings, [put.setting]);
  });

  test("effectiveSettings lists every setting with AWS's defaults where none is set", async () => {
    const res = await env.ecs.send(new ListAccountSettingsCommand({ effectiveSettings: true, maxResults: 100 }));
    const byName = new Map(res.settings!.map((s) => [s.name, s]));
    assert.equal(byName.get("containerInsights")?.value, "enabled");
    assert.equal(byName.get("taskLongArnFormat")?.value, "enabled");
    assert.equal(byName.get("taskLongArnFormat")?.type, "aws_managed");
    assert.equal(byName.get("awsvpcTrunking")?.value, "disabled");
  });

  test("a user principal sees the account default until it has its own", async () => {
    const user = "arn:aws:iam::000000000000:user/alice";
    await env.ecs.send(new PutAccountSettingDefaultCommand({ name: "awsvpcTrunking", value: "enabled" }));
    let res = await env.ecs.send(new ListAccountSettingsCommand({ principalArn: user, effectiveSettings: true, name: "awsvpcTrunking" }));
    assert.deepEqual(res.settings?.map((s) => [s.value, s.principalArn]), [["enabled", ROOT]]);
    await env.ecs.send(new PutAccountSettingCommand({ name: "awsvpcTrunking", value: "disabled", principalArn: user }));
    res = await env.ecs.send(new ListAccountSettingsCommand({ principalArn: user, effectiveSettings: true, name: "awsvpcTrunking" }));
    assert.deepEqual(res.settings?.map((s) => [s.value, s.principalArn]), [["disabled", user]]);
    const deleted = await env.ecs.send(new DeleteAccountSettingCommand({ name: "awsvpcTrunking", principalArn: user }));
    assert.equal(deleted.setting?.value, "disabled");
    res = await env.ecs.send(new ListAccountSettingsCommand({ principalArn: user, effectiveSettings: true, name: "awsvpcTrunking" }));
    assert.equal(res.settings?.[0]?.value, "enabled");
  });

  test("ListAccountSettings pages 10 at a time by default", async () => {
    const first = await env.ecs.send(new ListAccountSettingsCommand({ effectiveSettings: true }));
    assert.equal(first.settings?.length, 10);
    assert.ok(first.nextToken);
    const second = await env.ecs.send(new ListAccountSettingsCommand({ effectiveSettings: true, nextToken: first.nextToken }));
    assert.ok(second.settings!.length >= 1);
    assert.equal(second.nextToken, undefined);
    const names = [...first.settings!, ...second.settings!].map((s) => s.name);
    assert.equal(new Set(names).size, names.length);
  });

  test("a bad value or a bad principal is InvalidParameterException and changes nothing", async () => {
    await rejectsWith(env.ecs.send(new PutAccountSettingCommand({ name: "serviceLongArnFormat", value: "ENABLED" })), "InvalidParameterException", /ENABLED/);
    await rejectsWith(env.ecs.send(new PutAccountSettingCommand({ name: "serviceLongArnFormat", value: "enabled", principalArn: "bob" })), "InvalidParameterException");
    const res = await env.ecs.send(new ListAccountSettingsCommand({ name: "serviceLongArnFormat" }));
    assert.deepEqual(res.settings, []);
  });

  test("deleting a setting that isn't set is InvalidParameterException", async () => {
    await rejectsWith(env.ecs.send(new DeleteAccountSettingCommand({ name: "guardDutyActivate" })), "InvalidParameterException");
  });
});

describe("tags", () => {
  test("TagResource, ListTagsForResource and UntagResource on a cluster", async () => {
    const { cluster } = await env.ecs.send(new CreateClusterCommand({ clusterName: "tagged", tags: [{ key: "a", value: "1" }] }));
    const arn = cluster!.clusterArn!;
    await env.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "b", value: "2" }, { key: "a", value: "one" }] }));
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [
      { key: "a", value: "one" },
      { key: "b", value: "2" },
    ]);
    await env.ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["a", "not-there"] }));
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: "b", value: "2" }]);
  });

  test("tags on a task definition revision", async () => {
    const { taskDefinition } = await env.ecs.send(
      new RegisterTaskDefinitionCommand({ family: "tagged-td", containerDefinitions: [{ name: "c", image: "busybox", memory: 32 }] }),
    );
    const arn = taskDefinition!.taskDefinitionArn!;
    await env.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "x", value: "y" }] }));
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: "x", value: "y" }]);
  });

  test("more than 50 tags is refused and nothing is added", async () => {
    const { cluster } = await env.ecs.send(new CreateClusterCommand({ clusterName: "many-tags" }));
    const arn = cluster!.clusterArn!;
    const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    await env.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: fifty }));
    await rejectsWith(env.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "one-more", value: "v" }] })), "LimitExceededException");
    assert.equal((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags?.length, 50);
  });

  test("aws: keys, bad characters and over-long keys are InvalidParameterException", async () => {
    const { cluster } = await env.ecs.send(new CreateClusterCommand({ clusterName: "tag-rules" }));
    const arn = cluster!.clusterArn!;
    await rejectsWith(env.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "aws:owner", value: "me" }] })), "InvalidParameterException", /aws:/);
    await rejectsWith(env.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "semi;colon", value: "v" }] })), "InvalidParameterException");
    await rejectsWith(env.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "k".repeat(129), value: "v" }] })), "InvalidParameterException");
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, []);
  });

  test("unknown resources and malformed ARNs are refused", async () => {
    await rejectsWith(env.ecs.send(new ListTagsForResourceCommand({ resourceArn: "arn:aws:ecs:us-east-1:000000000000:cluster/ghost" })), "ClusterNotFoundException");
    await rejectsWith(env.ecs.send(new TagResourceCommand({ resourceArn: "not-an-arn", tags: [{ key: "a", value: "b" }] })), "InvalidParameterException");
    await rejectsWith(
      env.ecs.send(new ListTagsForResourceCommand({ resourceArn: "arn:aws:ecs:us-east-1:000000000000:task-definition/ghost:1" })),
      "ResourceNotFoundException",
    );
  });
});
