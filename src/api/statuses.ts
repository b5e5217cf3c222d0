/**
 * What an instance status means to the code that reads it: the one place these groups are written (the client,
 * the provider, the simulator and the testing kit all ask here). Every status: ./wire-types.ts INSTANCE_STATUSES.
 * Statuses the API adds later belong to none of the groups, so they read as "in transition".
 */
import type { InstanceStatus } from "./wire-types";

/** Deleted or being deleted: such an instance never comes back, so it is not a match for "does it exist". */
export const GONE_STATUSES: ReadonlySet<string> = new Set<InstanceStatus>(["toRemove", "removing", "removed"]);

/** No transition in progress: running, or stopped (`exited`). */
export const SETTLED_STATUSES: ReadonlySet<string> = new Set<InstanceStatus>(["running", "exited"]);

/** Being created: not running yet for the first time (a `pulumi up` may be creating it right now). */
export const CREATING_STATUSES: ReadonlySet<string> = new Set<InstanceStatus>(["pending", "toCreate", "creating", "pulling"]);

/** On the way to running, or there: a start has taken effect. */
export const STARTED_STATUSES: ReadonlySet<string> = new Set<InstanceStatus>(["toStart", "starting", "running"]);

/** On the way to stopped, or there: a stop has taken effect. */
export const STOPPED_STATUSES: ReadonlySet<string> = new Set<InstanceStatus>(["toStop", "stopping", "exited"]);

export const isGone = (status: string): boolean => GONE_STATUSES.has(status);

/** Whether the instance still holds what it was given (GPUs aside: a registry auth, network volumes) — until `removed`. */
export const holdsResources = (status: string): boolean => status !== "removed";

/** Whether the instance holds its GPUs: everything but stopped and deleted ones. */
export const holdsGpus = (status: string): boolean => status !== "exited" && !GONE_STATUSES.has(status);
