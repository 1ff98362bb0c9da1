#!/usr/bin/python3
"""test_models.py - the model files the tests use, as seeds for fuzz_load.

Writes every C string (adjacent literals joined) of tests/*.c and
tests/oom/*.c that holds a [populations.X] table into OUTDIR/<test>-<n>.toml,
so the fuzzer starts from the files the tests load, kept current with them.

    fuzz/test_models.py OUTDIR
"""
import glob
import os
import re
import sys

LITERAL = r'"(?:[^"\\\n]|\\.)*"'
# adjacent literals, with blanks and /* comments */ between them
STRING = re.compile(LITERAL + r'(?:(?:\s|/\*.*?\*/)*' + LITERAL + r')*', re.S)
ESCAPES = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', "'": "'", '0': '\0'}


def decode(piece):
    return re.sub(r'\\(.)', lambda m: ESCAPES.get(m.group(1), m.group(1)), piece)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    count = 0
    for path in sorted(glob.glob('tests/*.c') + glob.glob('tests/oom/*.c')):
        text = open(path, encoding='utf-8').read()
        name = os.path.splitext(os.path.basename(path))[0]
        for k, m in enumerate(STRING.finditer(text)):
            model = ''.join(decode(p[1:-1]) for p in re.findall(LITERAL, m.group(0)))
            if '[populations.' in model:
                with open(os.path.join(out, '%s-%d.toml' % (name, k)), 'w', encoding='utf-8') as f:
                    f.write(model)
                count += 1
    print('test_models.py: %d model files from the tests in %s' % (count, out))


if __name__ == '__main__':
    main()
