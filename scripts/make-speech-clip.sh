#!/usr/bin/env bash
# Regenerates the committed speech clips in test/fixtures/audio/ (the tests need no apt: only this script does).
# Needs espeak-ng and ffmpeg from Debian: apt-get install -y espeak-ng ffmpeg
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/audio
# Keep in sync with test/fixtures/audio/README.md and known.ts beside it.
sentence='The quick brown fox jumps over the lazy dog.'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
# espeak-ng's voice is 22.05 kHz mono; a fixed speed and voice keep the clip the same length run after run.
espeak-ng -v en-us -s 175 -w "$tmp/speech.wav" "$sentence"
# -bitexact and no metadata so re-running the script gives the same bytes where the encoder allows.
ff() { ffmpeg -hide_banner -loglevel error -y -i "$tmp/speech.wav" -map_metadata -1 -fflags +bitexact "$@"; }
# Discord voice messages are Ogg/Opus at 48 kHz; browsers record WebM/Opus.
ff -ar 48000 -c:a libopus -b:a 32k "$out/speech.ogg"
ff -ar 48000 -c:a libopus -b:a 32k "$out/speech.webm"
ff -ar 44100 -c:a aac -b:a 48k "$out/speech.m4a"
ff -ar 44100 -c:a libmp3lame -b:a 48k "$out/speech.mp3"
ff -ar 16000 -c:a pcm_s16le "$out/speech.wav"
ff -ar 22050 -c:a flac "$out/speech.flac"
ls -l "$out"
