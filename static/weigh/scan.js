// Scanning a member card with the phone's camera: the browser's BarcodeDetector where it has one
// (Android Chrome), else the vendored jsQR decoder on camera frames. Nothing loads from elsewhere.

const JSQR = "/static/vendor/jsqr-1.4.0/jsQR.js";
const EVERY_MS = 200;

/** The household code in a scanned value: a card's /weigh/card/<code> URL, or a bare code. */
export function cardCode(scanned) {
  const match = /\/weigh\/card\/([^/?#]+)\/?$/.exec(String(scanned).trim());
  return match ? decodeURIComponent(match[1]) : String(scanned).trim();
}

async function nativeDetector() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
  } catch {
    return null;
  }
}

function loadJsQR() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = JSQR;
    script.onload = () => resolve(window.jsQR);
    script.onerror = reject;
    document.head.append(script);
  });
}

/** A decoder for frames: (video) => Promise<text | null>. */
export async function frameDecoder() {
  const native = await nativeDetector();
  if (native) {
    return async (source) => {
      const found = await native.detect(source);
      return found.length ? found[0].rawValue : null;
    };
  }
  const jsQR = await loadJsQR();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (source) => {
    const width = source.videoWidth || source.naturalWidth || source.width;
    const height = source.videoHeight || source.naturalHeight || source.height;
    if (!width || !height) return null;
    const scale = Math.min(1, 800 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = jsQR(pixels.data, canvas.width, canvas.height, { inversionAttempts: "dontInvert" });
    return found ? found.data : null;
  };
}

/** Watch the back camera until a QR is read (resolves with its text) or stop() is called. */
export function scan(video) {
  let stopped = false;
  let stream = null;
  const stop = () => {
    stopped = true;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  };
  const found = (async () => {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" }, audio: false,
    });
    video.srcObject = stream;
    await video.play();
    const decode = await frameDecoder();
    while (!stopped) {
      const text = await decode(video).catch(() => null);
      if (text) {
        stop();
        return text;
      }
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    }
    return null;
  })();
  found.catch(stop);
  return { found, stop };
}
