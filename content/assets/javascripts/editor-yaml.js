// Writing the form's value back into the county file without losing anything.
//
// The file is parsed into yaml's concrete syntax tree (every byte kept: comments, quoting,
// blank lines, the modeline) and only what changed is rewritten: a changed text or date is
// set on its own token (yaml.CST.setScalarValue), so the rest of the file keeps its bytes;
// an added item or field is written as new lines where it belongs; a removed one is taken
// out. Fields the form does not know (unknown to the schema) are never removed.
//
// `base` is the form's value right after the file was loaded and `next` its value now:
// only their differences are written, so a file the form cannot show exactly (an unknown
// term, say) still comes out unchanged until someone edits that part.

// Text that YAML 1.1 (which the site's Python loader, PyYAML, follows) reads as something other
// than text when unquoted: its resolvers for booleans, null, integers and floats. Dates stay
// plain: the site's loader keeps them as text.
const AMBIGUOUS = new RegExp(
  [
    "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
    "^(?:~|null|Null|NULL)$",
    "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    "^(?:[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
  ].join("|"),
);
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function needsQuotes(text) {
  return text === "" || (AMBIGUOUS.test(text) && !DATE.test(text));
}

export function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

const isScalar = (v) => v === null || typeof v !== "object";
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const SCALAR_TOKENS = new Set(["scalar", "single-quoted-scalar", "double-quoted-scalar", "block-scalar"]);

export function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.values(value).every(isEmpty))
  );
}

/** YAML text for a value, the way county files are written: block mappings, lists of
 * plain values in brackets ([math, science]), text that YAML 1.1 would misread quoted. */
export function emit(YAML, value) {
  const doc = new YAML.Document(value);
  YAML.visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => YAML.isScalar(item))) node.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value === "string" && needsQuotes(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function indentLines(text, spaces) {
  // Every line after the first, indented by `spaces`; the text ends with one newline.
  const pad = " ".repeat(spaces);
  const lines = text.replace(/\n$/, "").split("\n");
  return lines.map((line, i) => (i === 0 || line === "" ? line : pad + line)).join("\n") + "\n";
}

function raw(source) {
  // A token whose text is written as it is (CST.stringify concatenates sources).
  return { type: "comment", source, offset: 0, indent: 0 };
}

function keyOf(YAML, item) {
  if (!item.key || !SCALAR_TOKENS.has(item.key.type)) return undefined;
  const resolved = YAML.CST.resolveAsScalar(item.key);
  return resolved ? resolved.value : undefined;
}

function endsWithNewline(YAML, items) {
  if (!items.length) return true;
  return YAML.CST.stringify(items[items.length - 1]).endsWith("\n");
}

export function patchYaml(YAML, source, base, next, options = {}) {
  if (deepEqual(base, next)) return source;
  const known = options.known || (() => true);
  const tokens = Array.from(new YAML.Parser().parse(source));
  const doc = tokens.find((t) => t.type === "document");
  if (!doc || !doc.value || doc.value.type !== "block-map" || !isObject(next)) {
    return emit(YAML, next);
  }
  const ctx = { YAML, known };
  patchMap(ctx, doc.value, base || {}, next, []);
  return tokens.map((t) => YAML.CST.stringify(t)).join("");
}

function patchSlot(ctx, slot, kind, indent, old, next, path) {
  const { YAML } = ctx;
  const token = slot.value;
  if (deepEqual(old, next)) return;
  if (token && SCALAR_TOKENS.has(token.type) && isScalar(old) && isScalar(next) && next !== null) {
    setScalar(YAML, token, next);
    return;
  }
  if (token && token.type === "block-map" && isObject(old) && isObject(next)) {
    patchMap(ctx, token, old, next, path);
    return;
  }
  if (token && token.type === "block-seq" && Array.isArray(old) && Array.isArray(next) && next.length) {
    patchSeq(ctx, token, old, next, path);
    return;
  }
  if (token && token.type === "flow-collection" && Array.isArray(next) && next.every(isScalar)) {
    const text = emit(YAML, next).replace(/\n$/, "");
    slot.value = { type: "scalar", source: text, offset: 0, indent: token.indent, end: token.end.slice(1) };
    return;
  }
  replace(ctx, slot, kind, indent, next);
}

function setScalar(YAML, token, value) {
  const text = String(value);
  let type;
  if (typeof value === "number") type = "PLAIN";
  else if (token.type === "scalar" && needsQuotes(text)) type = "QUOTE_DOUBLE";
  else if (token.type !== "block-scalar" && text.includes("\n")) type = "BLOCK_LITERAL";
  YAML.CST.setScalarValue(token, text, { afterKey: true, type });
}

function replace(ctx, slot, kind, indent, value) {
  // The whole value written afresh, in the file's style, after its key or its "- ".
  const { YAML } = ctx;
  if (kind === "pair") {
    const text = emit(YAML, { k: value }).slice(2); // after "k:"
    slot.sep = [{ type: "map-value-ind", source: ":", offset: 0, indent }];
    slot.value = raw(indentLines(text, indent));
  } else {
    const text = emit(YAML, [value]).slice(2); // after "- "
    slot.value = raw(indentLines(text, indent));
  }
}

function patchMap(ctx, token, old, next, path) {
  const { YAML, known } = ctx;
  const indent = token.indent;
  const byKey = new Map();
  token.items.forEach((item) => byKey.set(keyOf(YAML, item), item));
  for (const [key, value] of Object.entries(next)) {
    const item = byKey.get(key);
    if (item && Object.prototype.hasOwnProperty.call(old, key)) {
      patchSlot(ctx, item, "pair", indent, old[key], value, [...path, key]);
    } else if (item) {
      replace(ctx, item, "pair", indent, value);
    } else if (!isEmpty(value)) {
      const text = emit(YAML, { [key]: value });
      const lead = endsWithNewline(YAML, token.items) ? "" : "\n";
      token.items.push({ start: [raw(lead + " ".repeat(indent) + indentLines(text, indent))] });
    }
  }
  for (const key of Object.keys(old)) {
    if (Object.prototype.hasOwnProperty.call(next, key) || !known([...path, key])) continue;
    const index = token.items.findIndex((item) => keyOf(YAML, item) === key);
    if (index < 0) continue;
    removeItem(token, index);
  }
}

function removeItem(token, index) {
  const [removed] = token.items.splice(index, 1);
  if (index === 0 && token.items.length) {
    // The first item's indentation is written by its parent: drop the next one's own.
    const first = token.items[0];
    first.start = first.start.filter((t) => t.type !== "space" && t.type !== "newline");
  }
  return removed;
}

function patchSeq(ctx, token, old, next, path) {
  const { YAML } = ctx;
  const indent = token.indent;
  const d = next.length - old.length;
  let first = 0;
  while (first < Math.min(old.length, next.length) && deepEqual(old[first], next[first])) first += 1;
  if (d > 0 && deepEqual(old.slice(first), next.slice(first + d))) {
    for (let i = d - 1; i >= 0; i -= 1) insertItem(YAML, token, first, next[first + i], indent);
    return;
  }
  if (d < 0 && deepEqual(old.slice(first - d), next.slice(first))) {
    for (let i = 0; i < -d; i += 1) removeItem(token, first);
    return;
  }
  const common = Math.min(old.length, next.length);
  for (let i = 0; i < common; i += 1) {
    patchSlot(ctx, token.items[i], "seq", indent, old[i], next[i], [...path, i]);
  }
  for (let i = old.length - 1; i >= common; i -= 1) removeItem(token, i);
  for (let i = common; i < next.length; i += 1) insertItem(YAML, token, i, next[i], indent);
}

function insertItem(YAML, token, index, value, indent) {
  const text = emit(YAML, [value]); // "- ...\n"
  const body = indentLines(text, indent);
  if (index === 0 && token.items.length) {
    token.items[0].start.unshift(raw(" ".repeat(indent)));
    token.items.unshift({ start: [raw(body)] });
    return;
  }
  const before = token.items.slice(0, index);
  const lead = endsWithNewline(YAML, before) ? "" : "\n";
  token.items.splice(index, 0, { start: [raw(lead + " ".repeat(indent) + body)] });
}
