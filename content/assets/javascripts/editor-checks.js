// The county editor's live checks: the rules of the published JSON Schema and the
// cross-references `python -m hooks validate` checks (vocabulary terms, partners, ids in the
// file, dates in order), worded from the same messages file the validator reads
// (/editor/messages.json). Each problem has the path of the field it is about, so the form
// can show it next to that field.

const NAME_FIELDS = ["name", "title", "id", "role", "slug"];

export function say(wording, key, values = {}) {
  return String(wording.messages[key]).replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
}

/** A value as Python's `show` quotes it in messages: 'text', 12, a list. */
export function show(value, limit = 60) {
  if (value === null || value === undefined) return "an empty value";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const text = value.length <= limit ? value : value.slice(0, limit - 3) + "...";
    return pythonRepr(text);
  }
  if (Array.isArray(value)) return "a list";
  return "a group of fields";
}

function pythonRepr(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + quote;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return quote + out + quote;
}

/** Where a value is, as the validator says it: `assets, item 2 ("Summer institute"), subjects`. */
export function location(path, data) {
  const parts = [];
  let node = data;
  path.forEach((part, index) => {
    if (typeof part === "number") {
      const item = Array.isArray(node) ? node[part] : undefined;
      const last = index === path.length - 1;
      if (last && node !== undefined && (item === null || typeof item !== "object")) {
        node = item;
        return;
      }
      parts.push(`item ${part + 1}${itemName(item)}`);
      node = item;
    } else {
      parts.push(String(part));
      node = node && typeof node === "object" && !Array.isArray(node) ? node[part] : undefined;
    }
  });
  return parts.join(", ");
}

function itemName(item) {
  if (!item || typeof item !== "object" || Array.isArray(item)) return "";
  for (const key of NAME_FIELDS) {
    const name = item[key];
    if (typeof name === "string" && name.trim()) {
      const plain = name.split(/\s+/).filter(Boolean).join(" ");
      return ` ("${plain.length <= 40 ? plain : plain.slice(0, 37) + "..."}")`;
    }
  }
  return "";
}

export function resolve(root, schema) {
  let found = schema;
  while (found && found.$ref) {
    found = root.definitions[found.$ref.split("/").pop()];
  }
  return found || {};
}

/** The schema of the value at `path`, or null where the schema does not describe it. */
export function schemaAt(root, path) {
  let schema = resolve(root, root);
  for (const part of path) {
    if (typeof part === "number") {
      if (!schema.items) return null;
      schema = resolve(root, schema.items);
    } else if (schema.properties && schema.properties[part]) {
      schema = resolve(root, schema.properties[part]);
    } else {
      return null;
    }
  }
  return schema;
}

function kindOf(schema) {
  return schema.format === "date" ? "date" : schema["x-kind"];
}

function isDate(text) {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && y >= 1;
}

function typeOf(value) {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(wanted, value) {
  const actual = typeOf(value);
  return wanted === actual || (wanted === "number" && actual === "integer");
}

function patternMessage(wording, schema, value) {
  const kind = kindOf(schema);
  const shown = show(value);
  if (kind === "date") return say(wording, "not_date", { value: shown });
  if (kind === "link") {
    if (typeof value === "string" && /^https?:\/\//i.test(value)) return say(wording, "link_odd", { value: shown });
    return say(wording, "not_link", { value: shown });
  }
  if (kind === "email") {
    if (typeof value === "string" && value.toLowerCase().startsWith("mailto:")) return say(wording, "mailto", { value: shown });
    return say(wording, "not_email", { value: shown });
  }
  if (kind === "id") return say(wording, "not_id", { value: shown });
  if (kind === "text" && !(typeof value === "string" && value.trim())) return say(wording, "empty");
  return say(wording, "cannot_use", { value: shown });
}

/** Every problem the editor finds in `data` (the parsed file): [{path, message, hint}]. */
export function checkCounty(data, { schema, reference, wording, county }) {
  const problems = [];
  const add = (path, message, hint = "") => {
    if (!problems.some((p) => p.message === message && samePath(p.path, path))) problems.push({ path, message, hint });
  };
  const ids = {
    need: idsOf(data, "needs"),
    asset: idsOf(data, "assets"),
    goal: idsOf(data, "goals"),
    partner: reference.partners.map((p) => p.id),
    county: reference.counties.map((c) => c.slug),
  };
  walk(schema, schema, data, [], add, { reference, wording, ids, county });
  for (const [collection, start, end] of [
    ["assets", "starts", "ends"],
    ["actions", "starts", "due"],
  ]) {
    const items = data && Array.isArray(data[collection]) ? data[collection] : [];
    items.forEach((item, index) => {
      if (!item || typeof item !== "object") return;
      const first = item[start];
      const last = item[end];
      if (typeof first === "string" && typeof last === "string" && isDate(first) && isDate(last) && last < first) {
        add([collection, index, end], say(wording, "before", { end, last, start, first }), say(wording, "before_hint"));
      }
    });
  }
  return problems;
}

function samePath(a, b) {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function idsOf(data, collection) {
  const items = data && Array.isArray(data[collection]) ? data[collection] : [];
  return items.map((item) => item && item.id).filter((id) => typeof id === "string");
}

function walk(root, node, value, path, add, ctx) {
  const schema = resolve(root, node);
  const { wording } = ctx;
  if (value === undefined) return;
  const wanted = schema.type;
  if (wanted && !typeMatches(wanted, value)) {
    const kind = wording.types[wanted] || wanted;
    if (value === null) add(path, say(wording, "empty_but", { kind }));
    else add(path, say(wording, "should_be", { value: show(value), kind }));
    return;
  }
  if (Array.isArray(value)) {
    if (schema.minItems && value.length < schema.minItems) add(path, say(wording, "empty_list"), "Add an entry, for example: subjects: [math].");
    if (schema.uniqueItems) {
      const seen = new Set();
      value.forEach((item, index) => {
        const marker = JSON.stringify(item);
        if (seen.has(marker)) add([...path, index], say(wording, "listed_twice", { value: show(item) }), "Remove the repeat.");
        seen.add(marker);
      });
    }
    if (schema.items) value.forEach((item, index) => walk(root, schema.items, item, [...path, index], add, ctx));
    return;
  }
  if (value !== null && typeof value === "object") {
    const properties = schema.properties || {};
    if (schema.additionalProperties === false) {
      const allowed = Object.keys(properties);
      for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) add([...path, key], say(wording, "unknown_field", { name: key }), `Fields allowed here: ${allowed.join(", ")}.`);
      }
    }
    const required = [...(schema.required || [])];
    let thenHint = "";
    if (schema.if && schema.then && matchesIf(schema.if, value)) {
      thenHint = schema.then["x-hint"] || "";
      for (const name of schema.then.required || []) if (!required.includes(name)) required.push(name);
    }
    for (const name of required) {
      if (!(name in value)) {
        const own = (schema.required || []).includes(name);
        add(path, say(wording, "required", { name }), own ? fieldHint(root, schema, name) : thenHint);
      }
    }
    for (const [key, sub] of Object.entries(properties)) walk(root, sub, value[key], [...path, key], add, ctx);
    return;
  }
  if (typeof value === "string") {
    if (schema.enum && !schema.enum.includes(value)) {
      add(path, say(wording, "not_one_of", { value: show(value), choices: schema.enum.join(", ") }));
      return;
    }
    const vocabulary = schema["x-vocabulary"];
    if (vocabulary && ctx.reference.vocabularies[vocabulary] && !schema.enum) {
      const terms = ctx.reference.vocabularies[vocabulary].terms.map((t) => t.key);
      if (!terms.includes(value)) {
        const noun = ctx.reference.vocabularies[vocabulary].noun || vocabulary;
        add(path, say(wording, "not_known_term", { value: show(value), noun }), `Known ${noun}s: ${terms.join(", ")}.`);
      }
    }
    const target = schema["x-reference"];
    if (target && ctx.ids[target]) {
      if (!ctx.ids[target].includes(value)) {
        add(path, say(wording, "not_in", { value: show(value), where: wording.targets[target] }), referenceHint(target, ctx.ids[target]));
      } else if (target === "county" && value === ctx.county) {
        add(path, "lists its own county", "List only the other counties that take part; this file's county is included.");
      }
    }
    if (schema.minLength && value.length < schema.minLength) {
      add(path, say(wording, "empty"), "Write a value after the colon, or delete the line if the field is optional.");
      return;
    }
    if (schema.maxLength && value.length > schema.maxLength) {
      add(path, say(wording, "too_long", { length: value.length, limit: schema.maxLength }), "Shorten it: a sentence or two is plenty, and the page can link to more.");
      return;
    }
    const badPattern = schema.pattern && !new RegExp(schema.pattern, "u").test(value);
    const badDate = schema.format === "date" && !isDate(value);
    if (badPattern || badDate) add(path, patternMessage(wording, schema, value), schema["x-hint"] || "");
    return;
  }
  if (typeof value === "number") {
    if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
      add(path, say(wording, "out_of_range", { value: show(value), low: schema.minimum, high: schema.maximum }), schema.description || "");
    }
  }
}

function matchesIf(condition, value) {
  for (const name of condition.required || []) if (!(name in value)) return false;
  for (const [key, rule] of Object.entries(condition.properties || {})) {
    if ("const" in rule && key in value && value[key] !== rule.const) return false;
  }
  return true;
}

function fieldHint(root, schema, name) {
  const prop = (schema.properties || {})[name] || {};
  const target = resolve(root, prop);
  const description = prop.description || target.description || "";
  const examples = prop.examples || target.examples || [];
  let hint = `Add '${name}:'` + (description ? ` (${description})` : "");
  if (examples.length) hint += ` For example: ${name}: ${JSON.stringify(examples[0])}`;
  return hint;
}

function referenceHint(target, choices) {
  if (target === "partner") return "Use a partner id from counties/_shared/partners.yml, or add the partner there in the same pull request.";
  if (target === "county") return "";
  return `Ids of the ${target}s in this file: ${choices.join(", ") || "none yet"}.`;
}
