"use strict";
exports.id = 107;
exports.ids = [107];
exports.modules = {

/***/ 5107:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   stageNodeDependencies: () => (/* binding */ stageNodeDependencies)
/* harmony export */ });
/* unused harmony exports NODE_MANAGERS, describeInstall */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _staging_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3086);




const NODE_MANAGERS = {
    npm: {
        lockfile: 'package-lock.json',
        args: ['ci', '--omit=dev', '--no-audit', '--no-fund'],
        bookkeeping: [],
        hint: 'use actions/setup-node before this step',
    },
    pnpm: {
        lockfile: 'pnpm-lock.yaml',
        // pnpm's own layout is links into node_modules/.pnpm, which a zip keeps as links; hoisted is npm's flat
        // layout of real directories, which Node's resolution in Lambda finds without them.
        args: ['install', '--frozen-lockfile', '--prod', '--config.node-linker=hoisted'],
        // .modules.yaml holds the install time (prunedAt) and the store's path, the workspace state a timestamp.
        bookkeeping: [
            'node_modules/.modules.yaml',
            'node_modules/.pnpm-workspace-state.json',
            'node_modules/.pnpm-workspace-state-v1.json',
            'node_modules/.pnpm/lock.yaml',
        ],
        hint: 'use pnpm/action-setup, or run corepack enable, before this step',
    },
    yarn: {
        lockfile: 'yarn.lock',
        // Yarn 1 (classic); inputs.ts refuses a Yarn 2+ project.
        args: ['install', '--frozen-lockfile', '--production', '--non-interactive', '--no-progress'],
        // .yarn-integrity names the runner's platform and Node ABI.
        bookkeeping: ['node_modules/.yarn-integrity'],
        hint: 'Yarn 1 comes with GitHub-hosted runners; elsewhere run npm install -g yarn@1 before this step',
    },
};
/** The command line as the log shows it. */
const describeInstall = (manager) => `${manager} ${NODE_MANAGERS[manager].args.join(' ')}`;
/**
 * Copies `source` into `staging` (an empty directory the caller made, and removes) and installs its
 * production dependencies there from the lockfile, never in the user's tree. Loaded only for a Node install:
 * @actions/exec and the modules under it cost every other build their load time.
 */
async function stageNodeDependencies(manager, source, staging, log) {
    const m = NODE_MANAGERS[manager];
    await (0,_staging_js__WEBPACK_IMPORTED_MODULE_3__/* .copyToStaging */ .C)(source, staging);
    log(`installing production dependencies with ${describeInstall(manager)} in ${staging}`);
    const { code } = await (0,_staging_js__WEBPACK_IMPORTED_MODULE_3__/* .runTool */ .q)(manager, m.args, { cwd: staging, log, hint: m.hint });
    if (code !== 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`${describeInstall(manager)} failed with exit code ${code} in a staging copy of ${source}`);
    // (A directory they leave empty is no entry: the zip holds files and links only.)
    for (const file of m.bookkeeping)
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(staging, file), { force: true });
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