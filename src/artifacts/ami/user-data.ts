import { FAILED_MARKER, OK_MARKER } from './markers.js';
import { PAYLOAD_FILES_DIR, PAYLOAD_SCRIPT } from './payload.js';

/** EC2 limits user data to 16 KB before base64 (RunInstances). */
export const USER_DATA_MAX_BYTES = 16 * 1024;

export type PayloadSource = { kind: 'inline'; gzippedTar: Buffer } | { kind: 'url'; url: string };

const WORK_DIR = '/var/lib/slipway-build';
const LOG = '/var/log/slipway-provision.log';

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function fetchLines(source: PayloadSource): string[] {
  if (source.kind === 'url')
    return [
      // The presigned URL needs no credentials on the builder, so it needs no instance profile either.
      `curl -fsSL --retry 5 --retry-connrefused --retry-delay 2 -o payload.tgz ${shellQuote(source.url)} || finish 97 "could not download the payload from S3"`,
    ];
  const b64 = source.gzippedTar.toString('base64').replace(/.{1,76}/g, '$&\n');
  return [
    "base64 -d > payload.tgz <<'SLIPWAY_PAYLOAD' || finish 97 'could not decode the payload'",
    ...b64.trimEnd().split('\n'),
    'SLIPWAY_PAYLOAD',
  ];
}

/**
 * The builder's user-data: unpack the payload, run the provision script as root with its output on the
 * serial console, print this run's marker with the exit code, and power off (the instance's shutdown
 * behaviour is stop, so the volume stays for CreateImage).
 */
export function renderUserData(source: PayloadSource, token: string): string {
  return [
    '#!/bin/bash',
    '# slipway build-ami: provision this builder, report on the console, then power off.',
    // Everything the script prints goes to the serial console (GetConsoleOutput) and to a log file.
    `exec > >(tee -a ${LOG} >> /dev/console 2>/dev/null) 2>&1`,
    'tee_pid=$!',
    'finish() {',
    `  [ "$1" -eq 0 ] || echo "slipway: $2"`,
    '  rm -rf ' + WORK_DIR,
    // Close our end of the pipe and let tee drain, so the marker comes after every line of output.
    '  exec >&- 2>&-',
    '  wait "$tee_pid" 2>/dev/null',
    `  if [ "$1" -eq 0 ]; then marker="${OK_MARKER} ${token}"; else marker="${FAILED_MARKER} ${token} exit=$1"; fi`,
    `  echo "$marker" >> ${LOG}`,
    '  echo "$marker" >> /dev/console',
    '  sync',
    '  sleep 2',
    '  poweroff || shutdown -h now',
    '  exit "$1"',
    '}',
    `rm -rf ${WORK_DIR} && mkdir -p ${WORK_DIR} && cd ${WORK_DIR} || finish 96 'could not create ${WORK_DIR}'`,
    ...fetchLines(source),
    "tar -xzf payload.tgz || finish 98 'could not unpack the payload'",
    `mkdir -p ${PAYLOAD_FILES_DIR} && cd ${PAYLOAD_FILES_DIR} || finish 96 'no files directory'`,
    `SLIPWAY_FILES=${WORK_DIR}/${PAYLOAD_FILES_DIR} ${WORK_DIR}/${PAYLOAD_SCRIPT}`,
    'rc=$?',
    'cd /',
    'finish "$rc" "the provision script exited with $rc"',
    '',
  ].join('\n');
}

/** The inline user-data when it fits EC2's limit, or undefined when the payload must go through S3. */
export function inlineUserData(gzippedTar: Buffer, token: string): string | undefined {
  const text = renderUserData({ kind: 'inline', gzippedTar }, token);
  return Buffer.byteLength(text) <= USER_DATA_MAX_BYTES ? text : undefined;
}
