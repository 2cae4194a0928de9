/** CloudFormation e2e helpers: clients on the test server, waiting for a stack to settle. */
import { CloudFormationClient, DescribeStacksCommand, type Stack } from "@aws-sdk/client-cloudformation";
import { TEST_CREDENTIALS, type TestServer } from "./harness.js";

export const cfnClient = (server: TestServer) => new CloudFormationClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });

/** Poll DescribeStacks until the stack's status no longer ends in _IN_PROGRESS (deadline 60 s). */
export async function settled(cfn: CloudFormationClient, stackName: string, deadlineMs = 60_000): Promise<Stack> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const s = Stacks![0]!;
    if (!s.StackStatus!.endsWith("_IN_PROGRESS")) return s;
    if (Date.now() > until) throw new Error(`stack ${stackName} still ${s.StackStatus} at the deadline`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
