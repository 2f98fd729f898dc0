/** The command that installs a native server here: Homebrew on macOS, apt-get elsewhere. */
export function installCommand(packages: { readonly debian: string; readonly homebrew: string }, platform = process.platform): string {
  return platform === 'darwin' ? `brew install ${packages.homebrew}` : `sudo apt-get install ${packages.debian}`;
}
