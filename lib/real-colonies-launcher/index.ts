/** The real Colonies server (Go, v1.9.12) on this machine: build, run, stop. */
export {
  ensureRealColoniesBinary,
  REAL_COLONIES_VERSION,
  RealColoniesSetupError,
  realColoniesBinaryPath,
} from "./binary.ts";
export { type RealCluster, type RealClusterOptions, startRealCluster } from "./cluster.ts";
export { conflictingKeys, EnvFileConflictError, writeEnvFile } from "./env-file.ts";
export {
  clientEnv,
  type LaunchOptions,
  launchRealColonies,
  POSTGRES_PASSWORD,
  type RealColonies,
  realColoniesPaths,
} from "./launch.ts";
export { runningPid, stopByPidFile, writePidFile } from "./process.ts";
export { type ClusterMember, type RealServerProcess, startRealServer } from "./server.ts";
