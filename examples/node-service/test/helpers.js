'use strict'
// Shared by the service's tests: the text of a rendered PDF.
const { execFileSync } = require('node:child_process')

/** The text of a PDF through pdftotext (poppler-utils), or null when it is not installed. */
function pdfText(pdf) {
  try {
    return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] })
  } catch (e) {
    if (e.code === 'ENOENT') return null
    throw e
  }
}

module.exports = { pdfText }
