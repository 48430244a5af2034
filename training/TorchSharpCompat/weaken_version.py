#!/usr/bin/env python3
"""Marks one version requirement of an ELF64 shared library weak, in place.

    weaken_version.py LIBRARY VERSION

The dynamic loader refuses to load a library whose .gnu.version_r section requires a symbol version (for example
GLIBCXX_3.4.32) that none of its dependencies defines, unless that requirement carries VER_FLG_WEAK. This sets the
flag on every requirement named VERSION and on nothing else; it prints what it changed and fails when VERSION is not
required at all, so a different library is never patched silently. Standard library only, little-endian ELF64 only.
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def weaken(path, version):
    with open(path, "r+b") as elf:
        data = bytearray(elf.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a little-endian 64-bit ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        changed = 0
        for _, sh_type, _, _, offset, _, link, info, _, _ in sections:
            if sh_type != SHT_GNU_VERNEED:
                continue
            strtab = sections[link][4]
            name_at = lambda index: data[strtab + index:data.index(b"\0", strtab + index)].decode()
            need = offset
            for _ in range(info):  # sh_info: the number of Verneed entries
                _, count, file_name, aux, next_need = struct.unpack_from("<HHIII", data, need)
                entry = need + aux
                for _ in range(count):
                    _, flags, other, name, next_aux = struct.unpack_from("<IHHII", data, entry)
                    if name_at(name) == version:
                        struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                        print(f"{path}: {version} (from {name_at(file_name)}) is now a weak requirement")
                        changed += 1
                    entry += next_aux
                need += next_need
        if changed == 0:
            sys.exit(f"{path}: requires no symbol version {version}; nothing patched")
        elf.seek(0)
        elf.write(data)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    weaken(sys.argv[1], sys.argv[2])
