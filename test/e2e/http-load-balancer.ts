/**
 * A load balancer for the e2e tests of services behind one: an ALB, one HTTP target group with
 * fast health checks (every 5 s, healthy after 2) and the deregistration delay asked for, and an
 * HTTP listener on a fresh port forwarding to the group. `targetHealth` reads the group's targets.
 */
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { listenerPort } from "./elbv2-support.js";

export interface HttpLoadBalancerOptions {
  /** The load balancer's name, and the target group's unless `targetGroupName` is given. */
  readonly name: string;
  readonly targetGroupName?: string;
  readonly targetType: "instance" | "ip";
  /** The target group's port. */
  readonly port: number;
  readonly healthCheckPath: string;
  readonly unhealthyThresholdCount?: number;
  readonly deregistrationDelaySeconds: number;
}

export interface HttpLoadBalancer {
  /** The load balancer's loopback address. */
  readonly address: string;
  /** The listener's port. */
  readonly port: number;
  /** The target group's ARN. */
  readonly tg: string;
}

export async function createHttpLoadBalancer(elb: E.ElasticLoadBalancingV2Client, o: HttpLoadBalancerOptions): Promise<HttpLoadBalancer> {
  const lb = (await elb.send(new E.CreateLoadBalancerCommand({ Name: o.name }))).LoadBalancers![0]!;
  const tg = (
    await elb.send(
      new E.CreateTargetGroupCommand({
        Name: o.targetGroupName ?? o.name,
        Protocol: "HTTP",
        Port: o.port,
        TargetType: o.targetType,
        HealthCheckPath: o.healthCheckPath,
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 2,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: o.unhealthyThresholdCount,
      }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await elb.send(new E.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: String(o.deregistrationDelaySeconds) }] }));
  // Health checks run for a group a load balancer's listener forwards to (else its targets are "unused").
  const port = listenerPort();
  await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: "HTTP", Port: port, DefaultActions: [{ Type: "forward", TargetGroupArn: tg }] }));
  return { address: lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!, port, tg };
}

export const targetHealth = async (elb: E.ElasticLoadBalancingV2Client, tg: string) =>
  (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions ?? [];
