/**
 * What the provider can do when the Pulumi CLI is stopped mid-create.
 *
 *   - First Ctrl-C (or SIGTERM): the CLI cancels (pkg/backend/cancellation_scope.go), the deployment stops starting
 *     steps and sends Cancel to the providers (deploy/deployment_executor.go Execute → Host.SignalCancellation).
 *     Pulumi's dynamic-provider server answers Cancel with a no-op, and provider processes run in their own process
 *     group (cmdutil.RegisterProcessGroup), so the terminal's SIGINT does not reach them: the provider cannot know.
 *     In-flight creates run to completion (step.go calls Create with context.TODO()) and are recorded, running or
 *     as a partial create, within `timeouts.create`.
 *   - Second Ctrl-C: the CLI returns at once (engine/deployment.go: Terminated) and leaves `pending_operations`
 *     "creating" in the state; closing the plugins sends SIGINT to the provider's process group and SIGKILL 5 s
 *     later (sdk/go/common/resource/plugin/plugin.go, the plugin's Kill). A create still waiting here can never be
 *     recorded: its instance would bill with no stack knowing it (and `pulumi import` does not work for dynamic
 *     providers, so it could not be adopted either). On that SIGINT the provider therefore deletes every instance
 *     whose create has not returned, within 4 s, then dies of the signal as it would have. What remains: an
 *     instance whose create REQUEST was in flight (its id unknown), or a delete that Novita does not answer in
 *     time: look for the instance by name (README, "Cancelling").
 */
import type { NovitaClient } from "../api/client";
import { progressToStderr } from "./wait";

/** Instances created whose create has not returned to the engine yet: id → how to delete it. */
const unrecorded = new Map<string, { client: NovitaClient; name: string }>();
/** Within the engine's 5 s before SIGKILL. */
const GRACE_MS = 4000;
let installed = false;

/** Marks an instance as created but not yet handed to the engine; call the returned function once it is. */
export function untilRecorded(client: NovitaClient, id: string, name: string): () => void {
    if (!installed) {
        installed = true;
        process.on("SIGINT", onInterrupt);
    }
    unrecorded.set(id, { client, name });
    return () => void unrecorded.delete(id);
}

async function onInterrupt(): Promise<void> {
    process.removeListener("SIGINT", onInterrupt);
    const pending = [...unrecorded];
    if (pending.length > 0) {
        progressToStderr(
            `interrupted: deleting ${pending.map(([, p]) => p.name).join(", ")}: Pulumi stopped before the create ended and cannot record it`,
        );
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
            Promise.allSettled(pending.map(([id, p]) => p.client.deleteInstance(id))),
            new Promise((r) => (timer = setTimeout(r, GRACE_MS))),
        ]);
        clearTimeout(timer);
    }
    // Die of the signal, as the process would have without this handler.
    process.kill(process.pid, "SIGINT");
}
