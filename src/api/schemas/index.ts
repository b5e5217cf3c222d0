export * from "./limits";
export * from "./primitives";
export * from "./ports";
export * from "./requests";
export * from "./responses";
