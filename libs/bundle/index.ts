/** libs/bundle: the evidence bundle (ASiC-E) and its offline verifier, without any framework. */
export { ASIC_MIMETYPE, BUNDLE_PATHS, asicManifest, parseAsicManifest, type DataObject } from './asic.js';
export { VERIFIER_FILENAME, VERIFIER_PATH, signedSteps, stepsFile, verifyInstructions, type EvidenceListing, type ExchangeFile, type ProductionFile, type StepsFile } from './contents.js';
export { formatReport, verifyBundle, type BundleCheck, type BundleReport, type VerifyOptions } from './verify.js';
export { ZipReader } from './zip.js';
export { VERIFY_USAGE, verifyCommand } from './command.js';
export { writeStoredZip, type ZipSource } from './zip-writer.js';
export { checkLogProofs, logProofPath, type LogProofCheck, type LoggedStepFacts } from './log-proofs.js';
