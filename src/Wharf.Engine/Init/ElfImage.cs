using System.Buffers.Binary;

namespace Wharf.Engine.Init;

/// <summary>Wraps position-independent x86-64 code in the smallest static ELF64 executable Linux runs: the ELF
/// header, two program headers and the code. No sections, no interpreter, no libc: the kernel maps the file and
/// jumps to the first byte of the code.</summary>
/// <remarks>Layout (ELF-64 Object File Format, System V gABI):
/// <code>
/// 0x00  Elf64_Ehdr  (64 bytes)
/// 0x40  Elf64_Phdr  PT_LOAD       file offset 0 → LoadAddress, R+X, the whole file
/// 0x78  Elf64_Phdr  PT_GNU_STACK  R+W: asks for a non-executable stack
/// 0xB0  code (entry point) and its read-only data
/// </code></remarks>
public static class ElfImage
{
    /// <summary>The conventional x86-64 base for non-PIE executables; above vm.mmap_min_addr.</summary>
    public const ulong LoadAddress = 0x400000;

    public const int HeaderSize = ElfHeaderSize + 2 * ProgramHeaderSize;

    private const int ElfHeaderSize = 64, ProgramHeaderSize = 56;
    private const ushort EtExec = 2, EmX86_64 = 62;
    private const uint PtLoad = 1, PtGnuStack = 0x6474E551;
    private const uint PfX = 1, PfW = 2, PfR = 4;

    /// <summary>An executable whose entry point is the first byte of <paramref name="code"/>.</summary>
    public static byte[] Executable(ReadOnlySpan<byte> code)
    {
        var image = new byte[HeaderSize + code.Length];
        var span = image.AsSpan();
        WriteElfHeader(span, entry: LoadAddress + HeaderSize);
        WriteProgramHeader(span[ElfHeaderSize..], PtLoad, PfR | PfX, offset: 0, address: LoadAddress, size: (ulong)image.Length, align: 0x1000);
        WriteProgramHeader(span[(ElfHeaderSize + ProgramHeaderSize)..], PtGnuStack, PfR | PfW, offset: 0, address: 0, size: 0, align: 16);
        code.CopyTo(span[HeaderSize..]);
        return image;
    }

    private static void WriteElfHeader(Span<byte> h, ulong entry)
    {
        // e_ident: magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV; the rest is padding.
        ReadOnlySpan<byte> ident = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0];
        ident.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], EtExec);             // e_type
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], EmX86_64);           // e_machine
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);                  // e_version
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], entry);              // e_entry
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], ElfHeaderSize);      // e_phoff
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], 0);                  // e_shoff: no sections
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], 0);                  // e_flags
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], ElfHeaderSize);      // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(h[54..], ProgramHeaderSize);  // e_phentsize
        BinaryPrimitives.WriteUInt16LittleEndian(h[56..], 2);                  // e_phnum
        BinaryPrimitives.WriteUInt16LittleEndian(h[58..], 64);                 // e_shentsize
        BinaryPrimitives.WriteUInt16LittleEndian(h[60..], 0);                  // e_shnum
        BinaryPrimitives.WriteUInt16LittleEndian(h[62..], 0);                  // e_shstrndx
    }

    private static void WriteProgramHeader(Span<byte> p, uint type, uint flags, ulong offset, ulong address, ulong size, ulong align)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(p, type);          // p_type
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], flags);    // p_flags
        BinaryPrimitives.WriteUInt64LittleEndian(p[8..], offset);   // p_offset
        BinaryPrimitives.WriteUInt64LittleEndian(p[16..], address); // p_vaddr
        BinaryPrimitives.WriteUInt64LittleEndian(p[24..], address); // p_paddr
        BinaryPrimitives.WriteUInt64LittleEndian(p[32..], size);    // p_filesz
        BinaryPrimitives.WriteUInt64LittleEndian(p[40..], size);    // p_memsz
        BinaryPrimitives.WriteUInt64LittleEndian(p[48..], align);   // p_align
    }
}
