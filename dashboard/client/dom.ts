/** Tiny DOM helpers: build elements without innerHTML so no stored text is ever parsed as markup. */

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`dashboard markup is missing #${id}`);
  return node as T;
}

export function shortId(id: string | null, keep = 10): string {
  if (!id) return "—";
  return id.length > keep + 1 ? `${id.slice(0, keep)}…` : id;
}

/** Time of day for today's timestamps, date and time for older ones. */
export function formatTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString([], { hour12: false });
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleDateString()} ${date.toLocaleTimeString([], { hour12: false })}`;
}

export function formatKl(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return value.toPrecision(4);
}

export function flagBadge(anomaly: boolean | null): HTMLSpanElement {
  if (anomaly === null) return el("span", { class: "badge pending" }, "pending");
  return anomaly
    ? el("span", { class: "badge bad" }, "anomaly")
    : el("span", { class: "badge ok" }, "normal");
}

/** Runs `fn` at most once per `ms`, trailing call included (coalesces bursts of live events). */
export function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
}
