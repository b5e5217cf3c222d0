/**
 * The resource monitor the program talks to: a `MockMonitor` (so invokes, `getResource`, feature queries and
 * packages behave as under `setMocks`) whose RegisterResource / ReadResource / RegisterResourceOutputs go through
 * the offline engine instead of `mocks.newResource`.
 *
 * A failed registration is answered like a monitor shutting down (gRPC UNAVAILABLE): the SDK then stops quietly
 * (it suppresses those rejections), exactly as a program sees a real `pulumi up` abort. The engine reports the
 * failure itself.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Deployment } from "./deployment";
import { register, registerOutputs } from "./register";
import { fromReadRequest, fromRegisterRequest, Registered } from "./registration";
import { toProgramOutputs } from "./secrets";
import { fromStruct, grpc, MockMonitor, resproto, stripUndefined, toStruct } from "./sdk";

type Callback = (err: unknown, response: unknown) => void;

function mocksFor(d: Deployment): pulumi.runtime.Mocks {
    return {
        call(args) {
            const call = d.opts.mocks?.call;
            if (!call) {
                throw new Error(
                    `invoke '${args.token}' is not supported by the offline engine (dynamic providers have no ` +
                        `functions); pass \`mocks.call\` to fake it`,
                );
            }
            return call(args);
        },
        newResource() {
            throw new Error("offline engine: newResource is handled by the engine monitor");
        },
    };
}

export class EngineMonitor extends MockMonitor {
    private closed = false;

    constructor(private readonly d: Deployment) {
        super(mocksFor(d));
    }

    /** After the operation ends, late registrations (a program still running) are refused. */
    close(): void {
        this.closed = true;
    }

    override async registerResource(req: resproto.RegisterResourceRequest, callback: Callback): Promise<void> {
        const reg = fromRegisterRequest(req, this.d.opts.stack, this.d.opts.project);
        await this.answer(callback, () => register(this.d, reg), (urn, result) => {
            const resp = new resproto.RegisterResourceResponse();
            resp.setUrn(urn);
            resp.setId(result.id);
            resp.setObject(toStruct(toProgramOutputs(result.outputs, result.secretKeys)));
            return resp;
        }, reg.urn);
    }

    override async readResource(req: resproto.ReadResourceRequest, callback: Callback): Promise<void> {
        const reg = fromReadRequest(req, this.d.opts.stack, this.d.opts.project);
        await this.answer(callback, () => register(this.d, reg), (urn, result) => {
            const resp = new resproto.ReadResourceResponse();
            resp.setUrn(urn);
            resp.setProperties(toStruct(toProgramOutputs(result.outputs, result.secretKeys)));
            return resp;
        }, reg.urn);
    }

    /** Invoke errors reach the SDK as gRPC errors (it reads `details`), as from a real monitor. */
    override async invoke(req: unknown, callback: Callback): Promise<void> {
        await super.invoke(req, (err, response) => {
            if (!err) return callback(null, response);
            const message = this.d.opts.redactor.redact(err instanceof Error ? err.message : String(err));
            callback({ code: grpc.status.UNKNOWN, message, details: message }, undefined);
        });
    }

    /** Fails the operation naming a feature the offline engine does not run (see REFUSED_REGISTRATIONS). */
    refuse(feature: string, callback: Callback): void {
        const message = `the offline engine does not implement ${feature}; run this program with the real Pulumi CLI`;
        this.d.fail(new Error(message), undefined, "program");
        // Answered with success: the SDK does not catch a rejected hook/transform registration (an unhandled
        // rejection). The operation has failed, so every later registration is refused and the SDK stops quietly.
        callback(null, {});
    }

    override registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback): void {
        // After a failure (or the end of the operation) outputs are no longer recorded: the stack keeps its
        // previous ones. Answered with success: the SDK turns any error here into an unhandled rejection.
        if (this.closed || this.d.stopped) return callback(null, {});
        const outputs = fromStruct(req.getOutputs());
        registerOutputs(this.d, req.getUrn(), outputs);
        const known = this.resources.get(req.getUrn());
        if (known) known.state = stripUndefined(outputs);
        callback(null, {});
    }

    private async answer(
        callback: Callback,
        run: () => Promise<Registered>,
        respond: (urn: string, result: Registered) => unknown,
        urn: string,
    ): Promise<void> {
        if (this.closed) return callback(terminating("the operation has ended"), undefined);
        let result: Registered;
        try {
            result = await run();
        } catch (e) {
            return callback(terminating(e instanceof Error ? e.message : String(e)), undefined);
        }
        const state = stripUndefined(toProgramOutputs(result.outputs, result.secretKeys));
        this.resources.set(urn, { urn, id: result.id || null, state });
        callback(null, respond(urn, result));
    }
}

function terminating(message: string): { code: number; message: string; details: string } {
    return { code: grpc.status.UNAVAILABLE, message, details: message };
}

/**
 * Resource hooks, error hooks and stack transforms are registered with the monitor through the SDK's callback
 * server. The offline engine does not run them: it fails the operation with an error naming the feature (without
 * these methods the SDK's registration never settles and the program hangs). They are installed on the prototype,
 * not declared in the class: newer @pulumi/pulumi releases declare some of them on MockMonitor, where a declaration
 * needs `override`, and older ones do not, where `override` is an error (the SDK range of scripts/sdk-range.js).
 */
const REFUSED_REGISTRATIONS: Record<string, string> = {
    registerResourceHook: "resource hooks (`pulumi.ResourceHook`, the `hooks` resource option)",
    registerErrorHook: "error hooks (`pulumi.ErrorHook`)",
    registerStackTransform: "stack transforms (`pulumi.runtime.registerResourceTransform`)",
    registerStackInvokeTransform: "invoke transforms (`pulumi.runtime.registerInvokeTransform`)",
};
for (const [method, feature] of Object.entries(REFUSED_REGISTRATIONS)) {
    Object.defineProperty(EngineMonitor.prototype, method, {
        value(this: EngineMonitor, _req: unknown, callback: Callback): void {
            this.refuse(feature, callback);
        },
        writable: true,
        configurable: true,
    });
}
