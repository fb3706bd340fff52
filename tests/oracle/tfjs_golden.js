// tests/oracle/tfjs_golden.js - golden predictions of the thesis's TF.js
// models on the fixture's 9 rows, made by TensorFlow.js itself (the peer of
// `ser import`). Output: tests/golden/tfjs_thesis.csv, committed, so `make
// test` needs no Node.
//
//   (cd tests/oracle/tfjs && npm ci) && node tests/oracle/tfjs_golden.js [SHARED]
//
// The models take the 74 features (THESIS.md order) of the data set's
// min-max normalized table, picked by column name from Normalized_Features.csv.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('./tfjs/node_modules/@tensorflow/tfjs');

const shared = process.argv[2] || path.join(__dirname, '../../../shared');
const repo = path.join(__dirname, '../..');
const NAMES = [
  'rms_mean', 'rms_std', 'zerocross_mean', 'zerocross_std', 'rolloff_mean',
  'rolloff_std', 'centroid_mean', 'centroid_std', 'spread_mean', 'spread_std',
  'skewness_mean', 'skewness_std', 'kurtosis_mean', 'kurtosis_std',
  'flatness_mean', 'flatness_std'];
for (let i = 1; i <= 13; i++) NAMES.push('mfcc_mean_' + i);
for (let i = 1; i <= 13; i++) NAMES.push('mfcc_std_' + i);
for (let i = 1; i <= 12; i++) NAMES.push('chromagram_mean_' + i);
for (let i = 1; i <= 12; i++) NAMES.push('chromagram_std_' + i);
NAMES.push('loudness_mean', 'loudness_std', 'energy_mean', 'energy_std',
  'perceptual_sharp_mean', 'perceptual_sharp_std', 'spectral_slope_mean',
  'spectral_slope_std');
if (NAMES.length !== 74) throw new Error('feature list length ' + NAMES.length);

// a file:// IO handler for tf.loadLayersModel without tfjs-node
function dirHandler(dir) {
  return {
    load: async () => {
      const j = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const specs = [];
      const bufs = [];
      for (const g of j.weightsManifest) {
        for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
        specs.push(...g.weights);
      }
      const all = Buffer.concat(bufs);
      const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
      return { modelTopology: j.modelTopology, weightSpecs: specs, weightData: ab,
               format: j.format, generatedBy: j.generatedBy, convertedBy: j.convertedBy };
    },
  };
}

async function main() {
  const csv = path.join(shared, 'fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv');
  const lines = fs.readFileSync(csv, 'utf8').split(/\r\n|\r|\n/).filter((l) => l.length);
  const head = lines[0].split(',');
  const cols = NAMES.map((n) => {
    const k = head.indexOf(n);
    if (k < 0) throw new Error('column ' + n + ' missing');
    return k;
  });
  const files = [];
  const rows = [];
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    files.push(f[0]);
    rows.push(cols.map((k) => Number(f[k])));
  }
  await tf.setBackend('cpu');
  const x = tf.tensor2d(rows, [rows.length, 74], 'float32');
  const out = {};
  for (const t of ['valence', 'arousal']) {
    const m = await tf.loadLayersModel(dirHandler(path.join(shared, 'thesis-models', t)));
    out[t] = Array.from(m.predict(x).dataSync());
  }
  let s = '# tf.js ' + tf.version.tfjs + ' predictions of shared/thesis-models on the fixture (tests/oracle/tfjs_golden.js)\n';
  s += 'file,valence,arousal\n';
  files.forEach((f, i) => {
    s += f + ',' + out.valence[i].toPrecision(9) + ',' + out.arousal[i].toPrecision(9) + '\n';
  });
  fs.mkdirSync(path.join(repo, 'tests/golden'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'tests/golden/tfjs_thesis.csv'), s);
  process.stdout.write(s);
}
main().catch((e) => { console.error(e); process.exit(1); });
