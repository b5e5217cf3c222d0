// @ts-check
/**
 * Setup of the `unit` tier (test/tiers.js): while a unit test file runs, starting a server, opening a socket or
 * starting a process throws, naming the tier to move the test to. Node's core modules are shared by the test files
 * a jest worker runs one after another, so the originals are put back after the file.
 */
"use strict";
const net = require("net");
const childProcess = require("child_process");

/** @param {string} what */
const refuse = (what) =>
    function () {
        throw new Error(`a unit test may not ${what}: put this test file in the sim, engine or package tier (test/tiers.js)`);
    };

/** @type {[any, string, string][]} */
const PATCHES = [
    [net.Server.prototype, "listen", "start a server"],
    [net.Socket.prototype, "connect", "open a socket"],
    ...["spawn", "spawnSync", "fork", "exec", "execSync", "execFile", "execFileSync"].map(
        (name) => /** @type {[any, string, string]} */ ([childProcess, name, "start a process"]),
    ),
];

const originals = PATCHES.map(([target, name, what]) => {
    const original = target[name];
    target[name] = refuse(what);
    return () => (target[name] = original);
});

afterAll(() => originals.forEach((restore) => restore()));
