#!/usr/bin/env node
// meyda_golden.js - golden features from the real Meyda 5.6.3 (the thesis
// app's extractor) for the committed test signals, with ser's framing and
// statistics, written to tests/golden/meyda_features.csv.
//
//   cd tests/oracle && npm ci && cd ../.. && node tests/oracle/meyda_golden.js
//
// With arguments, OUT.csv NAME=FLOAT.wav...: the features of each float WAV
// (any channel count, averaged in float32 as ser does; see
// make_formats.sh, which feeds libsndfile's decode of MP3s) under NAME.
//
// Framing: frames of 1024 samples, hop 512, frame k = [512k, 512k + 1024)
// for every frame fully inside the signal; a signal shorter than 1024
// samples is zero-padded to one frame. Per feature: mean and population std
// (two-pass) over the frames where Meyda's value is finite (Meyda returns
// NaN/Infinity on digital silence); 0 when no frame is finite.
// The WAVs are mono 44.1 kHz 16-bit PCM or 32-bit float (make_signals.py):
// decoded here to the same float32 samples libsndfile gives ser.
"use strict";
const fs = require("fs");
const path = require("path");
const Meyda = require("meyda");

const FILES = ["bell", "trash-empty", "suspend-error", "noise", "sweep", "silence", "click", "short"]
  .map((n) => `tests/data/${n}.wav`);

function readWav(file) {
  const b = fs.readFileSync(file);
  if (b.toString("ascii", 0, 4) !== "RIFF" || b.toString("ascii", 8, 12) !== "WAVE")
    throw new Error(`${file}: not a WAV`);
  let off = 12, fmt = null;
  while (off + 8 <= b.length) {
    const id = b.toString("ascii", off, off + 4), size = b.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === "fmt ") {
      fmt = { tag: b.readUInt16LE(body), ch: b.readUInt16LE(body + 2),
              rate: b.readUInt32LE(body + 4), bits: b.readUInt16LE(body + 14) };
    } else if (id === "data") {
      if (!fmt || fmt.rate !== 44100) throw new Error(`${file}: need 44.1 kHz`);
      const n = size / (fmt.bits / 8) / fmt.ch, x = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        // ser's downmix (audio.c): float32 sum of the channels over ch
        let s = 0;
        for (let c = 0; c < fmt.ch; c++) {
          const j = i * fmt.ch + c;
          let v;
          if (fmt.tag === 1 && fmt.bits === 16) v = b.readInt16LE(body + 2 * j) / 32768;
          else if (fmt.tag === 3 && fmt.bits === 32) v = b.readFloatLE(body + 4 * j);
          else throw new Error(`${file}: unsupported WAV format`);
          s = Math.fround(s + v);
        }
        x[i] = fmt.ch === 1 ? s : Math.fround(s / fmt.ch);
      }
      return x;
    }
    off = body + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

const FEATURES = ["rms", "zcr", "spectralRolloff", "spectralCentroid", "spectralSpread",
  "spectralSkewness", "spectralKurtosis", "spectralFlatness", "mfcc", "chroma",
  "loudness", "energy", "perceptualSharpness", "spectralSlope"];

function frameValues(f) {
  // 37 values in ser's per-frame order (features_meyda.h)
  return [f.rms, f.zcr, f.spectralRolloff, f.spectralCentroid, f.spectralSpread,
    f.spectralSkewness, f.spectralKurtosis, f.spectralFlatness, ...f.mfcc,
    ...f.chroma, f.loudness.total, f.energy, f.perceptualSharpness, f.spectralSlope];
}

function stats(vals) {
  const v = vals.filter(Number.isFinite);
  if (!v.length) return [0, 0];
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const varp = v.reduce((a, b) => a + (b - mean) * (b - mean), 0) / v.length;
  return [mean, Math.sqrt(varp)];
}

Meyda.bufferSize = 1024;
Meyda.sampleRate = 44100;
Meyda.numberOfMFCCCoefficients = 13;
Meyda.chromaBands = 12;
Meyda.windowingFunction = "hanning";

function extract(x) {
  let frames = [];
  if (x.length < 1024) {
    const f = new Float32Array(1024);
    f.set(x);
    frames.push(f);
  } else {
    for (let s = 0; s + 1024 <= x.length; s += 512) frames.push(x.slice(s, s + 1024));
  }
  const per = frames.map((f) => frameValues(Meyda.extract(FEATURES, f)));
  const col = (j) => stats(per.map((r) => r[j]));
  const out = [];
  for (let j = 0; j < 8; j++) out.push(...col(j));
  const block = (j0, n) => {
    const s = Array.from({ length: n }, (_, i) => col(j0 + i));
    return [...s.map((m) => m[0]), ...s.map((m) => m[1])];
  };
  out.push(...block(8, 13), ...block(21, 12));
  for (let j = 33; j < 37; j++) out.push(...col(j));
  return out;
}

const NAMES = ["rms", "zerocross", "rolloff", "centroid", "spread", "skewness", "kurtosis", "flatness"]
  .flatMap((n) => [`${n}_mean`, `${n}_std`])
  .concat(Array.from({ length: 13 }, (_, i) => `mfcc_mean_${i + 1}`),
          Array.from({ length: 13 }, (_, i) => `mfcc_std_${i + 1}`),
          Array.from({ length: 12 }, (_, i) => `chromagram_mean_${i + 1}`),
          Array.from({ length: 12 }, (_, i) => `chromagram_std_${i + 1}`),
          ["loudness_mean", "loudness_std", "energy_mean", "energy_std",
           "perceptual_sharp_mean", "perceptual_sharp_std",
           "spectral_slope_mean", "spectral_slope_std"]);

const HEADER = "file," + NAMES.join(",") + "\n";
if (process.argv.length > 2) {
  let csv = HEADER;
  for (const a of process.argv.slice(3)) {
    const eq = a.indexOf("=");
    const v = extract(readWav(a.slice(eq + 1)));
    csv += a.slice(0, eq) + "," + v.map((x) => String(x)).join(",") + "\n";
  }
  fs.writeFileSync(process.argv[2], csv);
  console.log(`wrote ${process.argv[2]} (meyda ${require("meyda/package.json").version})`);
  process.exit(0);
}

let csv = HEADER;
for (const f of FILES) {
  const v = extract(readWav(f));
  if (v.length !== 74) throw new Error("expected 74 values");
  csv += f + "," + v.map((x) => String(x)).join(",") + "\n";
}
const out = "tests/golden/meyda_features.csv";
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, csv);
console.log(`wrote ${out} (${FILES.length} files, meyda ${require("meyda/package.json").version})`);

// Per-frame values (37 per frame, ser's features_meyda.h order) of a few frames, so
// a unit test can check single frames, including where Meyda gives NaN or
// Infinity: every frame of bell.wav, frames 17..20 of click.wav (the click
// is in 18 and 19; 17 and 20 are digital silence), frame 0 of sweep.wav.
const FRAMES = [["tests/data/bell.wav", null], ["tests/data/click.wav", [17, 18, 19, 20]],
  ["tests/data/sweep.wav", [0, 100]]];
let fcsv = "file,frame," + Array.from({ length: 37 }, (_, j) => `v${j}`).join(",") + "\n";
for (const [f, which] of FRAMES) {
  const x = readWav(f);
  const nfr = Math.floor((x.length - 1024) / 512) + 1;
  for (const k of which || Array.from({ length: nfr }, (_, i) => i)) {
    const v = frameValues(Meyda.extract(FEATURES, x.slice(512 * k, 512 * k + 1024)));
    fcsv += `${f},${k},` + v.map((y) => String(y)).join(",") + "\n";
  }
}
const fout = "tests/golden/meyda_frames.csv";
fs.writeFileSync(fout, fcsv);
console.log(`wrote ${fout}`);
