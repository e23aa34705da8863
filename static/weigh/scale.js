// A scale on the phone's USB or serial port (Web Serial, 9600 8N1): frames in the A&D standard
// format, parsed by the same rules as coop/domain/scale.py (tested in Chromium on the same
// frames). Only a stable reading, seen twice in a row, fills the weight field; the raw frame and
// the scale's name go with the weigh-in so the server can check the weight against them.

const STABLE_FRAMES = 2;
const MAX_FRAME = 40;
const GRAMS = { kg: 1000, g: 1 };
const FRAME = /^(ST|US),(?:(GS|NT),)?([+\- ]?)([0-9 .]*?)\s*(kg|g)$/i;
const OVERLOAD = /^OL,[ -~]*$/i;

/** One line from the scale: {stability, weight_g, raw}, or null when malformed. */
export function parseFrame(frame) {
  const raw = String(frame).replace(/^[\r\n\0 ]+|[\r\n\0 ]+$/g, "");
  if (raw.length > MAX_FRAME) return null;
  if (OVERLOAD.test(raw)) return { stability: "overload", weight_g: null, raw };
  const match = FRAME.exec(raw);
  if (!match) return null;
  const digits = match[4].replaceAll(" ", "");
  const decimal = /^([0-9]*)(?:\.([0-9]*))?$/.exec(digits);
  if (!decimal || !(decimal[1] || decimal[2])) return null;
  const fraction = decimal[2] || "";
  const scaled = BigInt(decimal[1] + fraction || "0") * BigInt(GRAMS[match[5].toLowerCase()]);
  const denominator = 10n ** BigInt(fraction.length);
  if (scaled % denominator !== 0n) return null;
  const grams = Number(scaled / denominator);
  return {
    stability: match[1].toUpperCase() === "ST" ? "stable" : "unstable",
    weight_g: match[3] === "-" ? -grams : grams,
    raw,
  };
}

/** Splits the byte stream into lines and reports each reading; a weight once it is steady. */
export function frameReader(onReading, onStable) {
  let buffer = "";
  let last = null;
  let seen = 0;
  return (text) => {
    buffer += text;
    const lines = buffer.split(/\r\n|\n|\r/);
    buffer = lines.pop().slice(-200);
    for (const line of lines) {
      if (!line.trim()) continue;
      const reading = parseFrame(line);
      onReading(reading, line);
      const steady = reading && reading.stability === "stable" && reading.weight_g > 0;
      seen = steady && last && last.weight_g === reading.weight_g ? seen + 1 : steady ? 1 : 0;
      last = steady ? reading : null;
      if (seen === STABLE_FRAMES) onStable(reading);
    }
  };
}

function deviceName(port) {
  const info = port.getInfo ? port.getInfo() : {};
  const hex = (n) => n.toString(16).padStart(4, "0");
  return info.usbVendorId ? `USB ${hex(info.usbVendorId)}:${hex(info.usbProductId || 0)}` : "RS-232";
}

/** Ask for a port, open it 9600 8N1 and read until the page closes or the scale is unplugged. */
export async function connectScale(onReading, onStable) {
  const port = await navigator.serial.requestPort();
  await port.open({ baudRate: 9600, dataBits: 8, stopBits: 1, parity: "none" });
  const device = deviceName(port);
  const feed = frameReader(onReading, (reading) => onStable({ ...reading, device }));
  const reader = port.readable.pipeThrough(new TextDecoderStream("ascii")).getReader();
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        feed(value);
      }
    } finally {
      reader.releaseLock();
    }
  })();
  return device;
}
