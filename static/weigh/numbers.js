// Exact reading of what the clerk types, the same rules as coop/domain/weight.py and money.py:
// grams and fen are integers, worked out with BigInt; anything the server would refuse is null.
// The server stays the authority: it parses nothing from here but re-checks every figure.

const GRAMS_PER_UNIT = {
  kg: 1000, kilogram: 1000, kilograms: 1000, "公斤": 1000, "千克": 1000,
  g: 1, gram: 1, grams: 1, "克": 1, "斤": 500, "市斤": 500,
};
const MAX_WEIGHT_G = 100000000n;
const MAX_FEN = 1000000000000n;

function normalise(text) {
  return String(text).normalize("NFKC").replaceAll("。", ".").trim();
}

function readDecimal(number) {
  const match = /^([0-9]*)(?:\.([0-9]*))?$/.exec(number);
  if (!match || number.length > 40) return null;
  const whole = match[1], fraction = match[2] || "";
  if (!whole && !fraction) return null;
  return [BigInt(whole + fraction || "0"), 10n ** BigInt(fraction.length)];
}

function toUnits([numerator, denominator], perWhole) {
  const scaled = numerator * BigInt(perWhole);
  return scaled % denominator === 0n ? scaled / denominator : null;
}

export function parseWeight(text) {
  const typed = normalise(text).toLowerCase();
  if (!typed) return null;
  const match = /^([-\u2212+]?[0-9.,]*)\s*([\s\S]*)$/.exec(typed);
  const number = match[1], unit = match[2].trim();
  if (!/[0-9]/.test(number) || /[0-9]/.test(unit)) return null;
  const perUnit = unit ? GRAMS_PER_UNIT[unit] : 1000;
  if (!perUnit || /^[-\u2212]/.test(number) || number.includes(",")) return null;
  const fraction = readDecimal(number);
  const grams = fraction && toUnits(fraction, perUnit);
  if (grams === null || grams === 0n || grams > MAX_WEIGHT_G) return null;
  return Number(grams);
}

export function parseYuan(text) {
  let typed = normalise(text).toLowerCase();
  if (typed.startsWith("¥")) typed = typed.slice(1).trim();
  for (const suffix of ["元", "yuan", "rmb"]) {
    if (typed.endsWith(suffix)) typed = typed.slice(0, -suffix.length);
  }
  const number = typed.trim();
  if (!number || /^[-\u2212]/.test(number) || number.includes(",")) return null;
  const fraction = readDecimal(number);
  const fen = fraction && toUnits(fraction, 100);
  if (fen === null || fen > MAX_FEN) return null;
  return Number(fen);
}

// THE rounding rule: weight_g x price_fen_per_kg / 1000, half up to the fen.
export function amountFen(weightG, priceFenPerKg) {
  return Number((BigInt(weightG) * BigInt(priceFenPerKg) + 500n) / 1000n);
}

export function formatYuan(fen) {
  const sign = fen < 0 ? "-" : "";
  const abs = BigInt(Math.abs(fen));
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

export function formatKg(grams) {
  const whole = Math.floor(grams / 1000), rest = grams % 1000;
  return rest ? `${whole}.${String(rest).padStart(3, "0")}`.replace(/0+$/, "") : String(whole);
}
