import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseSeats, isSeat, MANAGED_POOL, parseSeatArn, seatArn } from "./managed-capacity.js";
import { NAME_PATTERN, parseClusterScopedRef } from "../arns.js";

const scope = { region: "us-east-1", accountId: "000000000000" };
const id = "a".repeat(32);

test("a seat ARN round-trips, and is neither a container-instance ARN nor in a cluster ECS can name", () => {
  const arn = seatArn(scope, id);
  assert.equal(arn, `arn:aws:ecs:us-east-1:000000000000:berth-managed-capacity/${id}`);
  assert.deepEqual(parseSeatArn(arn), { ...scope, id });
  assert.equal(parseClusterScopedRef("container-instance", arn), undefined);
  assert.equal(parseSeatArn(`arn:aws:ecs:us-east-1:000000000000:container-instance/default/${id}`), undefined);
  assert.equal(NAME_PATTERN.test(MANAGED_POOL), false);
  assert.equal(isSeat({ cluster: MANAGED_POOL }), true);
  assert.equal(isSeat({ cluster: "default" }), false);
});

test("each task goes to the seat with the fewest tasks so far", () => {
  assert.deepEqual(chooseSeats([{ arn: "a", tasks: 2 }, { arn: "b", tasks: 0 }], 3), ["b", "b", "a"]);
  assert.deepEqual(chooseSeats([{ arn: "a", tasks: 0 }, { arn: "b", tasks: 0 }], 4), ["a", "b", "a", "b"]);
  assert.deepEqual(chooseSeats([], 3), []);
});
