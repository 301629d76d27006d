/*
 * Wine 8.0 (Debian 12's) has no bcryptprimitives.dll, and Rust's standard library on Windows
 * imports ProcessPrng from it for random numbers, so no Rust program starts under that Wine.
 * This stand-in answers ProcessPrng with RtlGenRandom (advapi32's SystemFunction036), which Wine
 * has. It is built into the Wine prefix of scripts/windows.sh only: never shipped, never on a
 * real Windows, where the real DLL exists.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    return SystemFunction036(data, (ULONG)length);
}
