import { say } from '../output.ts';

export const HELP = `wb — the workbench command

  wb                                   where you are: each module's progress, and your next step
  wb list                              modules in track order, with your last result
  wb test <module> [--target T]        grade a module: T = exercises (default), solutions, or a directory
               [--json FILE] [-t NAME] also write the scorecard as JSON; run only tests whose name matches
                                       (a filtered run is a check: no points for requirements it ran in part)
  wb watch [module] [requirement]      re-run on every save (servers and vitest kept warm): the first failing
                                       requirement first, then the module; load targets once the rest pass
                                       (or key l); moves on when the module passes. Keys: a, l, q
  wb spec <module> [requirement]       the SPEC, or one requirement's section, rendered in the terminal
  wb hint <module> [requirement]       the next hint for a requirement (default: your first not passed),
                                       one level at a time; the level is remembered
  wb ui [module] [--port N]            @vitest/ui on the module's graded tests, on 127.0.0.1, servers started
  wb docs [--port N] [--out DIR]       the SPECs, hints and guides as a site on 127.0.0.1 with your progress
                                       (failure messages link into it while it runs); --out writes it only
  wb reset <module> [file] [--yes]     put the stub back as shipped (asks first; your files are copied to .wb/backups/)
  wb grade [--target T] [--modules a,b]  grade modules (default: all) for a mentor: scorecard.json, .md,
           [--out DIR] [--format F,..]   .html, junit.xml, classroom.json in DIR (default .wb/grade);
                                       exit 0 only when every requirement passed
  wb grade --repo PATH|URL [--ref R]   grade a candidate's repository with these tests; lists tampering
           [--isolation auto|container|user|none]  how its code is kept from your files and network:
                                       auto = a container if Docker answers, else user nobody in its own
                                       namespaces (root on Linux), else none, said in the scorecard
  wb takehome create --modules a,b --out DIR [--hidden 0.3|file,requirement,..] [--time-box 4h]
           [--no-hints] [--bundle DIR]  cut a take-home kit (a Git repository to send) and a grading
                                       bundle to keep (hidden tests, the kit's hashes; default DIR.grading)
  wb takehome grade PATH|URL --kit BUNDLE [--ref R] [--modules a] [--out DIR] [--isolation ..]
                                       grade a returned kit with its visible and hidden tests;
                                       tampering is measured against the kit as sent
  wb doctor                            what this machine has, which backend runs, and how to fix what is missing
  wb deps up | down | status           keep the servers (PostgreSQL, Redis) running between test runs
  wb deps kinds                        each kind of server: its Debian package and image variable
  wb setup [--no-install]              get the servers ready (same as \`npm run setup\`); says which modules
                                       can run; --no-install never calls apt-get

For module authors:
  wb mutants <module> [--file F]       grade the known-wrong implementations (mutants.ts, or F): which
               [--only TEXT] [--json FILE]  the tests catch, by which test, and which survive

Environment: WB_DEPS=auto|native|containers, WB_TARGET, WB_POSTGRES_IMAGE, WB_REDIS_IMAGE, WB_STALL_SECONDS (default 120:
how long a run waits with no test progress before it calls your code stuck), NO_COLOR.
A module can be named 01-rest-api, rest-api or 01.`;

export function helpCommand(): number {
  say(HELP);
  return 0;
}
