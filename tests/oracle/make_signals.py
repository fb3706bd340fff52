#!/usr/bin/python3
"""make_signals.py - (re)generate the committed test signals in tests/data/.

Run from the repository root with Debian's python3 (numpy) and sox:
    /usr/bin/python3 tests/oracle/make_signals.py
Every signal is mono 44.1 kHz, 16-bit PCM or 32-bit float WAV: formats the
Meyda oracle (meyda_golden.js) decodes itself, so it sees exactly the float
samples libsndfile hands ser. Seeded: re-running reproduces the same bytes.
Also writes the deliberately broken files of tests/data/bad/ used by the
CLI tests.
"""
import os
import struct
import subprocess

import numpy as np

SR = 44100
DATA = "tests/data"
BAD = os.path.join(DATA, "bad")


def wav_bytes(samples, rate=SR, channels=1, fmt="pcm16", n_frames=None):
    """RIFF/WAVE bytes. samples: float array (frames x channels or 1-D).
    n_frames overrides the frame count written in the header."""
    x = np.asarray(samples, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    if fmt == "pcm16":
        data = np.clip(np.round(x * 32768.0), -32768, 32767).astype("<i2").tobytes()
        tag, bits = 1, 16
    else:
        data = x.astype("<f4").tobytes()
        tag, bits = 3, 32
    block = channels * bits // 8
    nbytes = len(data) if n_frames is None else n_frames * block
    fmt_chunk = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    return (b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt_chunk) + 8 + nbytes) + b"WAVE"
            + b"fmt " + struct.pack("<I", len(fmt_chunk)) + fmt_chunk
            + b"data" + struct.pack("<I", nbytes) + data)


def write(path, payload):
    with open(path, "wb") as f:
        f.write(payload)


def main():
    os.makedirs(BAD, exist_ok=True)
    rng = np.random.default_rng(20171213)

    # real recorded sounds (sound-theme-freedesktop, CC-BY-3.0 and, for
    # suspend-error, CC-BY-SA-3.0): stereo 44.1 kHz Vorbis -> mono 16-bit
    # WAV, no dither so the bytes reproduce. suspend-error is tonal with a
    # deep spectral floor: a plain float FFT put its kurtosis 1.3e-4 off.
    for name in ("bell", "trash-empty", "suspend-error"):
        subprocess.run(["sox", "-D", f"/usr/share/sounds/freedesktop/stereo/{name}.oga",
                        "-b", "16", "-c", "1", "-r", str(SR),
                        os.path.join(DATA, f"{name}.wav")], check=True)

    # white noise, float WAV, 1 s
    write(os.path.join(DATA, "noise.wav"),
          wav_bytes(0.5 * rng.uniform(-1, 1, SR), fmt="float"))
    # exponential sine sweep 50 Hz -> 16 kHz over 2 s, 16-bit
    t = np.arange(2 * SR) / SR
    f0, f1, T = 50.0, 16000.0, 2.0
    k = np.log(f1 / f0)
    sweep = 0.8 * np.sin(2 * np.pi * f0 * T / k * (np.exp(t / T * k) - 1))
    write(os.path.join(DATA, "sweep.wav"), wav_bytes(sweep))
    # digital silence, 0.5 s: every spectral feature undefined on every frame
    write(os.path.join(DATA, "silence.wav"), wav_bytes(np.zeros(SR // 2)))
    # one click in silence: spectral features defined on two frames only
    click = np.zeros(SR // 2)
    click[10000] = 0.9
    click[10001] = -0.45
    write(os.path.join(DATA, "click.wav"), wav_bytes(click))
    # shorter than one frame: zero-padded to 1024 samples
    n = 700
    short = 0.3 * np.sin(2 * np.pi * 440 * np.arange(n) / SR) + 0.05 * rng.standard_normal(n)
    write(os.path.join(DATA, "short.wav"), wav_bytes(short))

    # broken inputs for tests/cli/test_extract.sh
    tone = 0.5 * np.sin(2 * np.pi * 440 * np.arange(SR) / SR)
    full = wav_bytes(tone)
    write(os.path.join(BAD, "truncated.wav"), full[: len(full) // 3])
    write(os.path.join(BAD, "zero.wav"), wav_bytes(np.zeros(0)))
    write(os.path.join(BAD, "empty.wav"), b"")
    write(os.path.join(BAD, "notaudio.wav"), b"This is a text file, not audio.\n" * 20)
    nan = tone[:4096].copy()
    nan[1234] = np.nan
    write(os.path.join(BAD, "nan.wav"), wav_bytes(nan, fmt="float"))
    inf = tone[:4096].copy()
    inf[3000] = np.inf
    write(os.path.join(BAD, "inf.wav"), wav_bytes(inf, fmt="float"))
    # absurd headers: 0 and 5000 channels; a sample rate of 0 Hz; 50 MHz
    hdr = bytearray(wav_bytes(tone[:2000]))
    bad = bytearray(hdr)
    struct.pack_into("<H", bad, 22, 0)
    write(os.path.join(BAD, "channels0.wav"), bytes(bad))
    bad = bytearray(hdr)
    struct.pack_into("<H", bad, 22, 5000)
    write(os.path.join(BAD, "channels.wav"), bytes(bad))
    bad = bytearray(hdr)
    struct.pack_into("<I", bad, 24, 0)
    write(os.path.join(BAD, "rate0.wav"), bytes(bad))
    bad = bytearray(hdr)
    struct.pack_into("<I", bad, 24, 50_000_000)
    write(os.path.join(BAD, "rate50M.wav"), bytes(bad))


if __name__ == "__main__":
    main()
