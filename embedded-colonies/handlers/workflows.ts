/** Workflow and generator messages. */

import { parseJson } from "../../lib/colonies-sdk/json.ts";
import { requireMembership } from "../auth.ts";
import {
  getGeneratorByName,
  getGenerator as getGeneratorRow,
  insertGenerator,
  listGenerators,
  packArg,
  queueSize,
  removeGenerator as removeGeneratorRow,
  updateGenerator,
} from "../db/generators.ts";
import { getGraph } from "../db/graphs.ts";
import { graphProcesses } from "../db/processes.ts";
import { badRequest, ColoniesServerError, internal } from "../errors.ts";
import { outOfRangeSpecValue, rejectTimeLimitTraps } from "../model/spec.ts";
import { wireGenerator, wireGraph, wireSubmittedGraph } from "../model/wire.ts";
import {
  decodeWorkflowSpec,
  hasValidDependencies,
  INVALID_DEPENDENCIES,
  normaliseWorkflowTimeLimits,
} from "../model/workflow.ts";
import { newId, WorkflowError } from "../scheduler/lifecycle.ts";
import { nowUs } from "../time.ts";
import { isObject, readInt, readObject, readString } from "../wire/fields.ts";
import {
  hasNulInText,
  int32OutOfRangeMessage,
  isInt32,
  NEGATIVE_LIMIT,
  refuseNul,
} from "../wire/pq-errors.ts";
import { resolveInitiator } from "./processes.ts";
import { failTexts, handler, listOrNull } from "./types.ts";

export const submitWorkflowSpec = handler({
  invalidJson: "Failed to submit workkflow, invalid JSON",
  mismatch: "Failed to submit workflow, msg.MsgType does not match payloadType",
  decode: (o) => {
    const spec = readObject(o, "spec");
    try {
      return spec && decodeWorkflowSpec(spec);
    } catch (error) {
      // A quantity the real server cannot parse fails when it adds the process.
      if (error instanceof ColoniesServerError)
        throw internal("Failed to submit workflow, failed to add process");
      throw error;
    }
  },
  run(ctx, { signer }, workflow) {
    if (!workflow) throw badRequest("Failed to submit workflow, msg.WorkflowSpec is nil");
    requireMembership(ctx.db, signer, workflow.colonyname);
    normaliseWorkflowTimeLimits(workflow);
    // The real server's insert of that process fails (an int32 column, text with U+0000), and it answers this.
    if (workflow.functionspecs.some((spec) => outOfRangeSpecValue(spec) !== undefined || hasNulInText(spec)))
      throw internal("Failed to submit workflow, failed to add process");
    for (const spec of workflow.functionspecs) rejectTimeLimitTraps(spec);
    const initiator = resolveInitiator(ctx, signer, workflow.colonyname);
    try {
      const { graph } = ctx.lifecycle.submitWorkflow(workflow.colonyname, workflow.functionspecs, initiator);
      return wireSubmittedGraph(graph);
    } catch (error) {
      if (error instanceof WorkflowError) throw internal(error.message);
      throw error;
    }
  },
});

export const getProcessGraph = handler({
  ...failTexts("get processgraph"),
  decode: (o) => readString(o, "processgraphid"),
  run({ db }, { signer }, id) {
    const graph = getGraph(db, id);
    if (!graph) throw internal("Failed to get processgraph, graph is nil");
    requireMembership(db, signer, graph.colonyname);
    return wireGraph(graph, graphProcesses(db, id));
  },
});

export const addGenerator = handler({
  ...failTexts("add generator"),
  decode: (o) => {
    const g = readObject(o, "generator");
    return (
      g && {
        colonyname: readString(g, "colonyname"),
        name: readString(g, "name"),
        workflowspec: readString(g, "workflowspec"),
        trigger: readInt(g, "trigger"),
        timeout: readInt(g, "timeout"),
      }
    );
  },
  run(ctx, { signer }, g) {
    if (!g) throw badRequest("Failed to add generator, msg.Generator is nil");
    requireMembership(ctx.db, signer, g.colonyname);
    let parsed: unknown;
    try {
      parsed = parseJson(g.workflowspec);
    } catch (error) {
      throw badRequest(
        `Failed to add generator, workflowspec is not valid JSON: ${(error as Error).message}`,
      );
    }
    if (!isObject(parsed))
      throw badRequest("Failed to add generator, workflowspec must be a WorkflowSpec JSON object");
    let workflow: ReturnType<typeof decodeWorkflowSpec>;
    try {
      workflow = decodeWorkflowSpec(parsed);
    } catch (error) {
      throw badRequest(`Failed to add generator, invalid workflowspec: ${(error as Error).message}`);
    }
    if (!hasValidDependencies(workflow)) throw badRequest(INVALID_DEPENDENCIES);
    normaliseWorkflowTimeLimits(workflow);
    for (const spec of workflow.functionspecs) rejectTimeLimitTraps(spec);
    // Deviation (documented): the real server stores such a spec and fails each time the generator fires.
    for (const spec of workflow.functionspecs) {
      const value = outOfRangeSpecValue(spec);
      if (value !== undefined)
        throw badRequest(`Failed to add generator, invalid workflowspec: ${int32OutOfRangeMessage(value)}`);
    }
    // The generators table keeps trigger and timeout in INTEGER columns.
    for (const value of [g.trigger, g.timeout])
      if (!isInt32(value)) throw badRequest(int32OutOfRangeMessage(value));
    // Deviation (documented): the real server divides by zero on trigger 0 and never fires on trigger < 0.
    if (g.trigger < 1)
      throw badRequest(`Failed to add generator, trigger must be at least 1 (got ${g.trigger})`);
    const initiator = resolveInitiator(ctx, signer, g.colonyname);
    refuseNul([g.name, g.workflowspec]);
    if (getGeneratorByName(ctx.db, g.colonyname, g.name))
      throw badRequest(`Generator with name <${g.name}> in Colony <${g.colonyname}> already exists`);
    const row = {
      generatorid: newId(),
      colonyname: g.colonyname,
      name: g.name,
      initiatorid: initiator.id,
      initiatorname: initiator.name,
      workflowspec: g.workflowspec,
      trigger: g.trigger,
      timeout: g.timeout,
      firstpack: 0,
      lastrun: 0,
    };
    insertGenerator(ctx.db, row);
    return wireGenerator(row);
  },
});

export const getGenerator = handler({
  ...failTexts("get generator"),
  decode: (o) => readString(o, "generatorid"),
  run(ctx, { signer }, id) {
    const row = getGeneratorRow(ctx.db, id);
    if (!row) throw internal("Failed to get generator, generator is nil");
    requireMembership(ctx.db, signer, row.colonyname);
    return wireGenerator(row, queueSize(ctx.db, id), ctx.checkerPeriodMs);
  },
});

export const getGenerators = handler({
  ...failTexts("get generators"),
  decode: (o) => ({ colonyname: readString(o, "colonyname"), count: readInt(o, "count") }),
  run({ db }, { signer }, m) {
    requireMembership(db, signer, m.colonyname);
    if (m.count < 0) throw badRequest(NEGATIVE_LIMIT);
    return listOrNull(listGenerators(db, m.colonyname, m.count).map((row) => wireGenerator(row)));
  },
});

export const packGenerator = handler({
  invalidJson: "Failed to inc generator, invalid JSON",
  mismatch: "Failed to increment generator, msg.MsgType does not match payloadType",
  decode: (o) => ({ generatorid: readString(o, "generatorid"), arg: readString(o, "arg") }),
  run({ db }, { signer }, m) {
    const row = getGeneratorRow(db, m.generatorid);
    if (!row) throw internal("Failed to increment generator, generator is nil");
    requireMembership(db, signer, row.colonyname);
    db.$client.transaction(() => {
      packArg(db, row.generatorid, m.arg);
      if (row.firstpack === 0) updateGenerator(db, row.generatorid, { firstpack: nowUs() });
    })();
    return {};
  },
});

export const removeGenerator = handler({
  ...failTexts("remove generator"),
  decode: (o) => readString(o, "generatorid"),
  run({ db }, { signer }, id) {
    const row = getGeneratorRow(db, id);
    if (!row) throw internal("Failed to remove generator, generator is nil");
    requireMembership(db, signer, row.colonyname);
    db.$client.transaction(() => removeGeneratorRow(db, id))();
    return {};
  },
});
