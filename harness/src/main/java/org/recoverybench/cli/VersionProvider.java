package org.recoverybench.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"recoverybench " + (v == null ? "(development build)" : v)};
  }
}
