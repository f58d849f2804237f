"""The machine's FP32 peak from its CPU features and clock (see docs/performance.md, "Utilisation").

peak [GFLOP/s] = cores x clock [GHz] x FLOP per cycle per core, with
FLOP per cycle = 2 (a fused multiply-add counts 2) x FMA pipes x float32 lanes per pipe:
  - AVX-512 (avx512f) on Intel: 2 pipes x 16 lanes -> 64
  - AVX-512 on AMD (Zen 4 runs 512-bit FMAs on two 256-bit pipes), or AVX2 + FMA: 2 x 8 -> 32
  - AVX without FMA: separate add and multiply pipes of 8 lanes -> 16; SSE only -> 8.
Cores are physical cores (threads per core do not add FMA pipes). The clock is lscpu's "CPU max MHz" when the
kernel reports one, else the "cpu MHz" of /proc/cpuinfo (in a virtual machine the nominal clock the hypervisor
shows; turbo can make real peaks higher, so a fraction of this peak is an upper estimate of the efficiency).
Prints one JSON line.
"""
import json
import re
import subprocess


def lscpu():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def main():
    info = lscpu()
    cpuinfo = open("/proc/cpuinfo").read()
    m = re.search(r"^flags\s*:\s*(.*)$", cpuinfo, re.M)
    flags = set((m.group(1) if m else info.get("Flags", "")).split())
    vendor = info.get("Vendor ID", "")
    mhz = info.get("CPU max MHz")
    clock_source = "lscpu CPU max MHz"
    if not mhz:
        m = re.search(r"^cpu MHz\s*:\s*([0-9.]+)", cpuinfo, re.M)
        mhz, clock_source = (m.group(1) if m else "0"), "/proc/cpuinfo cpu MHz"
    ghz = float(mhz) / 1000
    sockets = int(info.get("Socket(s)", "1") or 1)
    cores = int(info.get("Core(s) per socket", "0") or 0) * sockets
    if cores <= 0:
        cores = int(info.get("CPU(s)", "1"))
    if "avx512f" in flags and "Intel" in vendor:
        per_cycle, isa = 64, "AVX-512, 2 FMA pipes x 16 lanes"
    elif "avx512f" in flags or ("avx2" in flags and "fma" in flags):
        per_cycle, isa = 32, ("AVX-512 on 2 x 256-bit FMA pipes" if "avx512f" in flags else "AVX2, 2 FMA pipes x 8 lanes")
    elif "avx" in flags:
        per_cycle, isa = 16, "AVX, add + multiply pipes x 8 lanes"
    else:
        per_cycle, isa = 8, "SSE"
    print(json.dumps({"bench": "machine", "model": info.get("Model name", "?"), "vendor": vendor, "cores": cores,
                      "ghz": round(ghz, 3), "clock_source": clock_source, "flop_per_cycle": per_cycle, "isa": isa,
                      "avx512_bf16": "avx512_bf16" in flags, "amx_bf16": "amx_bf16" in flags,
                      "peak_gflops": round(cores * ghz * per_cycle, 1)}))


if __name__ == "__main__":
    main()
