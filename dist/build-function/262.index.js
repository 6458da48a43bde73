"use strict";
exports.id = 262;
exports.ids = [262];
exports.modules = {

/***/ 8262:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   stageWithNpm: () => (/* binding */ stageWithNpm)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2876);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);




/**
 * Copies `source` into `staging` (an empty directory the caller made, and removes) and installs its
 * production dependencies there with `npm ci --omit=dev`, never in the user's tree. Loaded only for
 * `install: npm`: @actions/exec and the modules under it cost every other build their load time.
 */
async function stageWithNpm(source, staging, log) {
    // The user's own node_modules (dev dependencies, other platforms) must not leak into the package.
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.cp)(source, staging, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => {
            const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(source, src);
            return rel !== 'node_modules' && rel !== '.git' && (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(src) !== '.DS_Store';
        },
    });
    log(`installing production dependencies with npm ci --omit=dev in ${staging}`);
    const code = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_2__/* .exec */ .m)('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
        cwd: staging,
        ignoreReturnCode: true,
    });
    if (code !== 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`npm ci --omit=dev failed with exit code ${code} in a staging copy of ${source}`);
}


/***/ })

};
;