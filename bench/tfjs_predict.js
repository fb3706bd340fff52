// bench/tfjs_predict.js - the peer of `ser predict --features-csv`: load the
// thesis's TF.js models, read a features CSV (74 columns by name), predict
// valence and arousal, write file,valence,arousal. Used by bench_model.sh.
//   node bench/tfjs_predict.js SHARED FEATURES.csv OUT.csv
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('../tests/oracle/tfjs/node_modules/@tensorflow/tfjs');

const [shared, csv, out] = process.argv.slice(2);
const NAMES = ['rms_mean', 'rms_std', 'zerocross_mean', 'zerocross_std',
  'rolloff_mean', 'rolloff_std', 'centroid_mean', 'centroid_std', 'spread_mean',
  'spread_std', 'skewness_mean', 'skewness_std', 'kurtosis_mean',
  'kurtosis_std', 'flatness_mean', 'flatness_std'];
for (const p of ['mfcc_mean_', 'mfcc_std_']) for (let i = 1; i <= 13; i++) NAMES.push(p + i);
for (const p of ['chromagram_mean_', 'chromagram_std_']) for (let i = 1; i <= 12; i++) NAMES.push(p + i);
NAMES.push('loudness_mean', 'loudness_std', 'energy_mean', 'energy_std',
  'perceptual_sharp_mean', 'perceptual_sharp_std', 'spectral_slope_mean',
  'spectral_slope_std');

function handler(dir) {
  return { load: async () => {
    const j = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    const bufs = []; const specs = [];
    for (const g of j.weightsManifest) {
      for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
      specs.push(...g.weights);
    }
    const b = Buffer.concat(bufs);
    return { modelTopology: j.modelTopology, weightSpecs: specs,
      weightData: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) };
  } };
}

(async () => {
  await tf.setBackend('cpu');
  const lines = fs.readFileSync(csv, 'utf8').split(/\r\n|\r|\n/).filter((l) => l);
  const head = lines[0].split(',');
  const cols = NAMES.map((n) => head.indexOf(n));
  const n = lines.length - 1;
  const X = new Float32Array(n * 74);
  const files = [];
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1].split(',');
    files.push(f[0]);
    for (let j = 0; j < 74; j++) X[i * 74 + j] = Number(f[cols[j]]);
  }
  const x = tf.tensor2d(X, [n, 74]);
  const r = {};
  for (const t of ['valence', 'arousal']) {
    const m = await tf.loadLayersModel(handler(path.join(shared, 'thesis-models', t)));
    r[t] = m.predict(x).dataSync();
  }
  const o = ['file,valence,arousal'];
  for (let i = 0; i < n; i++) o.push(files[i] + ',' + r.valence[i].toFixed(6) + ',' + r.arousal[i].toFixed(6));
  fs.writeFileSync(out, o.join('\n') + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
