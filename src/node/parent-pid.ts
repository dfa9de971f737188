// The pid of the process that started this node, read before anything else is loaded (main.ts
// imports this module first), so that a parent that dies during startup is still noticed.
export const PARENT_PID: number = process.ppid;
