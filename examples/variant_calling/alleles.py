"""Variant alleles in one canonical form, so candidates and truth match on position and allele.

An indel in a repeat can be written at any copy of the repeat (a read's aligner puts it in one
place, the truth VCF in another); two records describe the same variant exactly when their
left-normalised forms are equal. :func:`left_normalize` is the normalisation of Tan, Abecasis and
Kang (Bioinformatics 2015), the one ``vt normalize`` and ``bcftools norm`` apply: trim a base
both alleles end with, extend both alleles one reference base to the left when one runs empty,
repeat until neither applies, then trim bases both alleles start with while each keeps at least
one. SNVs come out unchanged.
"""

from __future__ import annotations


def left_normalize(pos: int, ref: str, alt: str, sequence: str) -> tuple[int, str, str]:
    """``(pos, ref, alt)`` left-aligned and parsimonious; ``pos`` is 0-based on ``sequence``."""
    if ref == alt:
        raise ValueError(f"REF and ALT are both {ref!r} at {pos}: not a variant")
    while True:
        changed = False
        if ref and alt and ref[-1] == alt[-1]:
            ref, alt = ref[:-1], alt[:-1]
            changed = True
        if (not ref or not alt) and pos > 0:
            pos -= 1
            base = sequence[pos]
            ref, alt = base + ref, base + alt
            changed = True
        if not changed:
            break
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt = ref[1:], alt[1:]
        pos += 1
    return pos, ref, alt


def allele_key(pos: int, ref: str, alt: str, sequence: str) -> tuple[int, str, str]:
    """The key two records of one variant share: the left-normalised ``(pos, ref, alt)``."""
    if len(ref) == 1 and len(alt) == 1:
        return pos, ref, alt  # an SNV is already in canonical form
    return left_normalize(pos, ref, alt, sequence)
