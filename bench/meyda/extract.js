#!/usr/bin/env node
// extract.js - the peer of `ser extract` for bench/bench_extract.sh: the
// thesis app's extractor (Meyda 5.6.3) with ser's framing (1024, hop 512,
// Hann) and statistics, over mono 44.1 kHz 16-bit WAVs given as arguments.
// Prints one CSV row per file (mean/std of the 37 per-frame values), so the
// work is the same as ser's.
"use strict";
const fs = require("fs");
const Meyda = require("meyda");

Meyda.bufferSize = 1024;
Meyda.sampleRate = 44100;
Meyda.numberOfMFCCCoefficients = 13;
const FEATURES = ["rms", "zcr", "spectralRolloff", "spectralCentroid", "spectralSpread",
  "spectralSkewness", "spectralKurtosis", "spectralFlatness", "mfcc", "chroma",
  "loudness", "energy", "perceptualSharpness", "spectralSlope"];

function readWav16(file) {
  const b = fs.readFileSync(file);
  let off = 12;
  while (off + 8 <= b.length) {
    const id = b.toString("ascii", off, off + 4), size = b.readUInt32LE(off + 4);
    if (id === "data") {
      const n = size >> 1, x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = b.readInt16LE(off + 8 + 2 * i) / 32768;
      return x;
    }
    off += 8 + size + (size & 1);
  }
  throw new Error(file + ": no data chunk");
}

for (const file of process.argv.slice(2)) {
  const x = readWav16(file);
  const sum = new Float64Array(37), sq = new Float64Array(37), cnt = new Float64Array(37);
  for (let s = 0; s + 1024 <= x.length; s += 512) {
    const f = Meyda.extract(FEATURES, x.slice(s, s + 1024));
    const v = [f.rms, f.zcr, f.spectralRolloff, f.spectralCentroid, f.spectralSpread,
      f.spectralSkewness, f.spectralKurtosis, f.spectralFlatness, ...f.mfcc, ...f.chroma,
      f.loudness.total, f.energy, f.perceptualSharpness, f.spectralSlope];
    for (let j = 0; j < 37; j++)
      if (Number.isFinite(v[j])) { sum[j] += v[j]; sq[j] += v[j] * v[j]; cnt[j]++; }
  }
  const row = [];
  for (let j = 0; j < 37; j++) {
    const m = cnt[j] ? sum[j] / cnt[j] : 0;
    row.push(m, cnt[j] ? Math.sqrt(Math.max(0, sq[j] / cnt[j] - m * m)) : 0);
  }
  console.log(file + "," + row.join(","));
}
