#!/usr/bin/env python3
"""Whether two SEN2 XML files hold the same return: the same header (less the generation time) and
the same <Person> blocks, in any order (persons whose first requests share a date come back from
SQLite and PostgreSQL in different orders). Prints a one-line verdict; exit status 1 if they differ.

  sen2_compare.py A.xml B.xml
"""
import re
import sys


def parts(path):
    text = open(path, encoding="utf-8").read()
    persons = re.findall(r"<Person>.*?</Person>", text, flags=re.S)
    rest = re.sub(r"<Person>.*?</Person>", "", text, flags=re.S)
    rest = re.sub(r"<DateTime>[^<]*</DateTime>", "<DateTime/>", rest)
    return rest, sorted(persons)


def main():
    a, b = parts(sys.argv[1]), parts(sys.argv[2])
    same_order = re.findall(r"<Person>.*?</Person>", open(sys.argv[1]).read(), flags=re.S) == \
        re.findall(r"<Person>.*?</Person>", open(sys.argv[2]).read(), flags=re.S)
    if a == b:
        print(f"same return: {len(a[1])} persons, header equal apart from <DateTime>; person order "
              + ("identical" if same_order else "differs"))
        return 0
    print(f"DIFFERENT: {len(a[1])} vs {len(b[1])} persons, header {'equal' if a[0] == b[0] else 'differs'}, "
          f"{len(set(a[1]) ^ set(b[1]))} person blocks in one file only")
    return 1


if __name__ == "__main__":
    sys.exit(main())
