/**
 * The embedded Colonies server's tables. Times are integer microseconds since the Unix epoch (0 = unset);
 * int64 nanosecond wire fields (prioritytime, log timestamp) are derived from them exactly (µs × 1000), so
 * every stored integer stays below 2^53. Lists and nested objects are JSON text in the wire format.
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const colonies = sqliteTable("colonies", {
  colonyid: text("colonyid").notNull(),
  name: text("name").primaryKey(),
});

export const users = sqliteTable(
  "users",
  {
    rowid: integer("rowid").primaryKey({ autoIncrement: true }),
    colonyname: text("colonyname").notNull(),
    userid: text("userid").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    phone: text("phone").notNull(),
  },
  (t) => [uniqueIndex("users_colony_name").on(t.colonyname, t.name), index("users_id").on(t.userid)],
);

export const executors = sqliteTable(
  "executors",
  {
    rowid: integer("rowid").primaryKey({ autoIncrement: true }),
    executorid: text("executorid").notNull(),
    executortype: text("executortype").notNull(),
    executorname: text("executorname").notNull(),
    colonyname: text("colonyname").notNull(),
    state: integer("state").notNull(),
    requirefuncreg: integer("requirefuncreg", { mode: "boolean" }).notNull(),
    commissiontime: integer("commissiontime").notNull(),
    lastheardfromtime: integer("lastheardfromtime").notNull(),
    locationname: text("locationname").notNull(),
    /** JSON of the capabilities, allocations and blueprint fields as sent (echoed back). */
    extra: text("extra").notNull(),
  },
  (t) => [
    uniqueIndex("executors_colony_name").on(t.colonyname, t.executorname),
    index("executors_id").on(t.executorid),
  ],
);

export const functions = sqliteTable(
  "functions",
  {
    functionid: text("functionid").primaryKey(),
    executorname: text("executorname").notNull(),
    executortype: text("executortype").notNull(),
    colonyname: text("colonyname").notNull(),
    funcname: text("funcname").notNull(),
    description: text("description").notNull(),
    /** JSON array of the function's declared args, or "null". */
    args: text("args").notNull(),
    locationname: text("locationname").notNull(),
    counter: integer("counter").notNull(),
    minwaittime: real("minwaittime").notNull(),
    maxwaittime: real("maxwaittime").notNull(),
    minexectime: real("minexectime").notNull(),
    maxexectime: real("maxexectime").notNull(),
    avgwaittime: real("avgwaittime").notNull(),
    avgexectime: real("avgexectime").notNull(),
  },
  (t) => [index("functions_colony_executor").on(t.colonyname, t.executorname)],
);

export const processes = sqliteTable(
  "processes",
  {
    processid: text("processid").primaryKey(),
    colonyname: text("colonyname").notNull(),
    executortype: text("executortype").notNull(),
    label: text("label").notNull(),
    initiatorid: text("initiatorid").notNull(),
    initiatorname: text("initiatorname").notNull(),
    assignedexecutorid: text("assignedexecutorid").notNull(),
    isassigned: integer("isassigned", { mode: "boolean" }).notNull(),
    state: integer("state").notNull(),
    /** prioritytime in µs: submission µs − priority × 86 400 000 000; the wire value is this × 1000 ns. */
    prioritytimeUs: integer("prioritytime_us").notNull(),
    submissiontime: integer("submissiontime").notNull(),
    starttime: integer("starttime").notNull(),
    endtime: integer("endtime").notNull(),
    waitdeadline: integer("waitdeadline").notNull(),
    execdeadline: integer("execdeadline").notNull(),
    retries: integer("retries").notNull(),
    maxretries: integer("maxretries").notNull(),
    maxexectime: integer("maxexectime").notNull(),
    maxwaittime: integer("maxwaittime").notNull(),
    waitforparents: integer("waitforparents", { mode: "boolean" }).notNull(),
    parents: text("parents").notNull(),
    children: text("children").notNull(),
    processgraphid: text("processgraphid").notNull(),
    /** The FunctionSpec JSON as echoed on the wire. */
    spec: text("spec").notNull(),
    input: text("input").notNull(),
    output: text("output").notNull(),
    errors: text("errors").notNull(),
  },
  (t) => [
    index("processes_queue").on(t.colonyname, t.executortype, t.state, t.prioritytimeUs),
    index("processes_state").on(t.state, t.colonyname),
    // By graph and state: a graph's state is a count per state, not a read of every process in it.
    index("processes_graph").on(t.processgraphid, t.state),
  ],
);

export const processGraphs = sqliteTable(
  "process_graphs",
  {
    processgraphid: text("processgraphid").primaryKey(),
    colonyname: text("colonyname").notNull(),
    initiatorid: text("initiatorid").notNull(),
    initiatorname: text("initiatorname").notNull(),
    rootprocessids: text("rootprocessids").notNull(),
    processids: text("processids").notNull(),
    state: integer("state").notNull(),
    submissiontime: integer("submissiontime").notNull(),
    starttime: integer("starttime").notNull(),
    endtime: integer("endtime").notNull(),
  },
  (t) => [index("process_graphs_colony_state").on(t.colonyname, t.state)],
);

export const logs = sqliteTable(
  "logs",
  {
    rowid: integer("rowid").primaryKey({ autoIncrement: true }),
    processid: text("processid").notNull(),
    colonyname: text("colonyname").notNull(),
    executorname: text("executorname").notNull(),
    message: text("message").notNull(),
    /** µs since the epoch; the wire timestamp is this × 1000 ns. */
    timestampUs: integer("timestamp_us").notNull(),
  },
  (t) => [
    index("logs_process").on(t.processid, t.timestampUs),
    index("logs_executor").on(t.executorname, t.timestampUs),
    index("logs_colony_time").on(t.colonyname, t.timestampUs),
  ],
);

export const generators = sqliteTable(
  "generators",
  {
    generatorid: text("generatorid").primaryKey(),
    colonyname: text("colonyname").notNull(),
    name: text("name").notNull(),
    initiatorid: text("initiatorid").notNull(),
    initiatorname: text("initiatorname").notNull(),
    workflowspec: text("workflowspec").notNull(),
    trigger: integer("trigger").notNull(),
    timeout: integer("timeout").notNull(),
    firstpack: integer("firstpack").notNull(),
    lastrun: integer("lastrun").notNull(),
  },
  (t) => [uniqueIndex("generators_colony_name").on(t.colonyname, t.name)],
);

export const generatorArgs = sqliteTable(
  "generator_args",
  {
    rowid: integer("rowid").primaryKey({ autoIncrement: true }),
    generatorid: text("generatorid").notNull(),
    arg: text("arg").notNull(),
  },
  (t) => [index("generator_args_generator").on(t.generatorid, t.rowid)],
);
