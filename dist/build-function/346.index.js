"use strict";
exports.id = 346;
exports.ids = [346];
exports.modules = {

/***/ 1346:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   stageWithPip: () => (/* binding */ stageWithPip)
/* harmony export */ });
/* unused harmony exports pipPlatforms, pipArgs, missingWheel */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _staging_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3086);





// The glibc of each runtime's OS (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html: Python
// 3.9-3.11 run on Amazon Linux 2, glibc 2.26; 3.12 and later on Amazon Linux 2023, glibc 2.34). A
// manylinux_2_N wheel runs on glibc N and later (PEP 600); pip matches tags exactly, so each is named.
const GLIBC_MINOR = (pythonVersion) => (Number(pythonVersion.split('.')[1]) >= 12 ? 34 : 26);
/**
 * The wheel platforms pip may pick for the function, most preferred first: manylinux2014 (glibc 2.17, the
 * tag AWS's own instructions name) and each newer manylinux_2_N the runtime's glibc runs.
 */
function pipPlatforms(target) {
    const arch = target.architecture === 'arm64' ? 'aarch64' : 'x86_64';
    const out = [];
    for (let n = GLIBC_MINOR(target.pythonVersion); n > 17; n--)
        out.push(`manylinux_2_${n}_${arch}`);
    return [...out, `manylinux2014_${arch}`];
}
/** pip's arguments: wheels only, for the function's platform and Python, into `dir`, without .pyc files. */
function pipArgs(target, dir) {
    const cp = `cp${target.pythonVersion.replace('.', '')}`;
    return [
        // No .pyc files: they hold the build's time and would change the zip's sha256 on every run.
        '-B',
        '-m',
        'pip',
        'install',
        '-r',
        'requirements.txt',
        ...pipPlatforms(target).flatMap((p) => ['--platform', p]),
        '--implementation',
        'cp',
        '--python-version',
        target.pythonVersion,
        '--abi',
        cp,
        // A source distribution would be built for the runner, not the function; and a build runs its code.
        '--only-binary=:all:',
        '--target',
        dir,
        '--no-compile',
        '--disable-pip-version-check',
        '--no-input',
        // A runner's container runs as root; pip's warning about it says nothing about this install.
        '--root-user-action=ignore',
    ];
}
/** The requirement pip found no wheel for, from its output, if that is why it failed. */
function missingWheel(lines) {
    for (const l of lines) {
        const m = /No matching distribution found for (\S+)/.exec(l);
        if (m)
            return m[1];
    }
    for (const l of lines) {
        const m = /Could not find a version that satisfies the requirement (\S+)/.exec(l);
        if (m)
            return m[1];
    }
    return undefined;
}
/**
 * The first file (not directory) under `from` that `to` already has, relative to both. Checked before the
 * copy rather than left to fs.cp's errorOnExist, which node 24 also raises for a directory both have.
 */
function firstClash(from, to) {
    for (const e of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(from, { recursive: true, withFileTypes: true })) {
        if (e.isDirectory())
            continue;
        const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(from, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(e.parentPath, e.name));
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(to, rel), { throwIfNoEntry: false }) !== undefined)
            return rel;
    }
    return undefined;
}
/**
 * Copies `source` into `staging` (an empty directory the caller made, and removes) and installs
 * requirements.txt there for the function's platform, with pip from `target.python`. pip installs into an
 * empty directory of its own first, so that a file of the source and one of a package never silently
 * replace each other. pip reads PIP_* variables from the step's environment (PIP_INDEX_URL, PIP_FIND_LINKS,
 * PIP_NO_INDEX, ...), so a private index or a wheel directory needs no input here.
 */
async function stageWithPip(source, staging, target, log) {
    await (0,_staging_js__WEBPACK_IMPORTED_MODULE_4__/* .copyToStaging */ .C)(source, staging);
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(staging), 'slipway-pip-'));
    try {
        const platforms = pipPlatforms(target);
        const args = pipArgs(target, dir);
        log(`installing requirements.txt for python${target.pythonVersion} on ${target.architecture} in ${staging}: ` +
            `${target.python} ${args.join(' ')}`);
        const { code, lines } = await (0,_staging_js__WEBPACK_IMPORTED_MODULE_4__/* .runTool */ .q)(target.python, args, {
            cwd: staging,
            log,
            hint: 'use actions/setup-python before this step, or set the python input to an interpreter with pip',
        });
        if (code !== 0) {
            const req = missingWheel(lines);
            if (req)
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`pip found no wheel of ${req} for python${target.pythonVersion} on ${target.architecture} ` +
                    `(${platforms.at(-1)} to ${platforms[0]}): ` +
                    'the index has no wheel of it for this platform and Python, or no such version; ' +
                    `pin a version of ${req} that publishes one, or give pip a wheel directory (PIP_FIND_LINKS)`);
            const last = lines.filter((l) => /^ERROR:/.test(l)).at(-1);
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`pip install failed with exit code ${code} in a staging copy of ${source}${last ? `: ${last}` : ''}`);
        }
        // Console scripts start with #! and this runner's interpreter, which Lambda does not have, and which
        // would make the zip differ between runners.
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'bin'))) {
            log('leaving out the console scripts pip wrote to bin/: they name this runner’s python');
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'bin'), { recursive: true, force: true });
        }
        const clash = firstClash(dir, staging);
        if (clash)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`a package from requirements.txt writes ${clash}, which ${source} already has; rename or remove it in the source`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(dir, staging, { recursive: true, verbatimSymlinks: true });
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 3086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ copyToStaging),
/* harmony export */   q: () => (/* binding */ runTool)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2876);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);




/**
 * The staging copy an installer runs in: `source` copied into `staging` (an empty directory the caller made,
 * and removes), never the user's tree. The user's own node_modules (dev dependencies, other platforms) and
 * .git must not leak into the package; links are copied as links.
 */
async function copyToStaging(source, staging) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.cp)(source, staging, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => {
            const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(source, src);
            return rel !== 'node_modules' && rel !== '.git' && (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(src) !== '.DS_Store';
        },
    });
}
// Enough for the error at the end of a failed install; the whole output is in the log.
const TAIL_LINES = 200;
/**
 * Runs an installer with an argument array (no shell). Its output is the package registry's and the
 * packages' own text, so each line reaches the log through `log` (io, which writes it as one safe line), not
 * the runner's stdout, where a line could be read as a workflow command. A tool that is not on PATH is one
 * ActionError saying how to get it (`hint`).
 */
async function runTool(command, args, options) {
    const lines = [];
    const line = (text) => {
        lines.push(text);
        if (lines.length > TAIL_LINES)
            lines.shift();
        options.log(text);
    };
    try {
        const code = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_2__/* .exec */ .m)(command, [...args], {
            cwd: options.cwd,
            silent: true,
            ignoreReturnCode: true,
            listeners: { stdline: line, errline: line },
        });
        return { code, lines };
    }
    catch (err) {
        if (/Unable to locate executable file/.test(err.message))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${command} is not on PATH, or is not an executable file: ${options.hint}`);
        throw err;
    }
}


/***/ })

};
;