/**
 * The 2013 single-file COMTRADE (.cff): text sections `--- file type: CFG ---`, `INF`, `HDR`, then
 * `--- file type: DAT <type>: <bytes> ---` and the data. Only the text part is peeked at; the data streams.
 */
import { ByteSource, type Chunks, fileChunks } from "./byte-source.ts";
import { parseCfg } from "./cfg.ts";
import { comtradeRecording } from "./comtrade.ts";
import { type OpenOptions, type Recording, RecordingError } from "./types.ts";

/** The text sections (HDR is free text) are not expected to be larger than this. */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

const SECTION = /^-{3}\s*file type:\s*([A-Za-z]+)(?:\s+([A-Za-z0-9]+))?(?:\s*:\s*(\d+))?\s*-{3}[ \t]*\r?$/gim;

interface Section {
  kind: string;
  /** Byte offset where its content starts (after the marker line). */
  start: number;
  /** Byte offset of the marker line. */
  marker: number;
  dataType?: string;
  dataBytes?: number;
}

export async function openCffRecording(path: string, options: OpenOptions): Promise<Recording> {
  let chunks: Chunks;
  if (options.bytes) chunks = options.bytes;
  else {
    if (!(await Bun.file(path).exists())) throw new RecordingError(`${path} not found`);
    chunks = fileChunks(path);
  }
  const source = new ByteSource(chunks);
  const { head, sections } = await readTextSections(source, path);
  const cfgSection = sections.find((s) => s.kind === "CFG");
  const dat = sections.find((s) => s.kind === "DAT");
  if (!cfgSection) throw new RecordingError(`${path} has no "--- file type: CFG ---" section`);
  if (!dat) throw new RecordingError(`${path} has no "--- file type: DAT <type>: <bytes> ---" section`);
  const cfgEnd = sections.find((s) => s.marker > cfgSection.start)?.marker ?? dat.marker;
  const cfg = parseCfg(
    new TextDecoder().decode(head.subarray(cfgSection.start, cfgEnd)),
    `${path} (CFG section)`,
  );
  if (dat.dataType && dat.dataType.toUpperCase() !== cfg.fileType)
    cfg.warnings.push(
      `${path}: the DAT section says ${dat.dataType} where its CFG says ${cfg.fileType}; read as ${cfg.fileType}`,
    );
  source.skip(dat.start);
  const data = dat.dataBytes === undefined ? source : limited(source, dat.dataBytes);
  return comtradeRecording(cfg, data, `${path} (DAT section)`, options, path);
}

/** Peeks until the DAT marker is in hand; byte offsets of every section marker. */
async function readTextSections(
  source: ByteSource,
  path: string,
): Promise<{ head: Uint8Array; sections: Section[] }> {
  // latin1 keeps one character per byte, so string offsets are byte offsets.
  const latin1 = new TextDecoder("latin1");
  let sections: Section[] = [];
  const head = await source.peekUntil((bytes) => {
    sections = completeSections(latin1.decode(bytes));
    return sections.some((s) => s.kind === "DAT");
  }, MAX_TEXT_BYTES);
  if (!sections.some((s) => s.kind === "DAT") && !source.atEnd)
    throw new RecordingError(`${path}: no DAT section within the first ${MAX_TEXT_BYTES} bytes`);
  return { head, sections };
}

/** The section markers on complete lines, up to the DAT one. */
function completeSections(text: string): Section[] {
  const sections: Section[] = [];
  for (const match of text.matchAll(SECTION)) {
    const lineEnd = text.indexOf("\n", match.index);
    if (lineEnd < 0) break;
    const kind = (match[1] ?? "").toUpperCase();
    sections.push({
      kind,
      marker: match.index,
      start: lineEnd + 1,
      dataType: match[2],
      dataBytes: match[3] === undefined ? undefined : Number(match[3]),
    });
    if (kind === "DAT") break;
  }
  return sections;
}

/** A ByteSource view that ends after `length` bytes (the DAT section's declared size). */
function limited(source: ByteSource, length: number): ByteSource {
  return new ByteSource(source.chunks(length));
}
