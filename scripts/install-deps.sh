#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Orrery: the HDF5 C library
# (with pkg-config, which SwiftPM uses to find it) and the Python packages the
# interop tests and notebooks use. Safe to run again; skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists hdf5-serial 2>/dev/null; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libhdf5-dev pkg-config >/dev/null
fi

if ! python3 -c "import h5py, nbformat, matplotlib" 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check -r Tests/Interop/requirements.txt
fi
