/**
 * What e2e tests read to see a service's state, for one cluster: `describe` (DescribeServices),
 * `liveTasks` (the tasks desired RUNNING, described), `serviceTasks` (desired RUNNING and STOPPED,
 * described), and the usual finish line `stable` (one COMPLETED deployment, runningCount at
 * desiredCount, none pending), and `stoppedReasons` for a failure's message. `ecs` is read at each call, so a client made again after a server
 * restart is used.
 */
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand, type ECSClient, type Service, type Task } from "@aws-sdk/client-ecs";

export const stable = (s: Service) =>
  s.deployments?.length === 1 && s.runningCount === s.desiredCount && s.pendingCount === 0 && s.deployments[0]!.rolloutState === "COMPLETED";

export interface ServiceProbes {
  describe(service: string): Promise<Service>;
  liveTasks(service: string): Promise<Task[]>;
  serviceTasks(service: string): Promise<Task[]>;
  /** "stopCode: stoppedReason [container reasons]" of up to 5 stopped tasks in the cluster; [] when the server does not answer. */
  stoppedReasons(): Promise<string[]>;
}

/** `cluster` undefined: the default cluster (the requests name none). */
export function serviceProbes(ecs: () => ECSClient, cluster?: string): ServiceProbes {
  const describeTasks = async (arns: string[]): Promise<Task[]> => {
    const tasks: Task[] = [];
    for (let i = 0; i < arns.length; i += 100) {
      const { tasks: page } = await ecs().send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
      tasks.push(...(page ?? []));
    }
    return tasks;
  };
  return {
    async describe(service) {
      return (await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
    },
    async liveTasks(service) {
      const { taskArns } = await ecs().send(new ListTasksCommand({ cluster, serviceName: service }));
      return describeTasks(taskArns ?? []);
    },
    async serviceTasks(service) {
      // RUNNING first: a task that moves to desired STOPPED between the calls is in both lists, never in neither.
      const found = new Set<string>();
      for (const desiredStatus of ["RUNNING", "STOPPED"] as const) {
        const { taskArns } = await ecs().send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus }));
        for (const arn of taskArns ?? []) found.add(arn);
      }
      return describeTasks([...found]);
    },
    async stoppedReasons() {
      try {
        const { taskArns } = await ecs().send(new ListTasksCommand({ cluster, desiredStatus: "STOPPED" }));
        const tasks = await describeTasks((taskArns ?? []).slice(0, 5));
        return tasks.map((t) => `${t.stopCode}: ${t.stoppedReason} [${t.containers?.map((c) => c.reason).join("; ")}]`);
      } catch {
        return [];
      }
    },
  };
}
