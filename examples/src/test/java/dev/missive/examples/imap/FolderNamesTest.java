package dev.missive.examples.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mailbox names and Maildir++ directories, and the names that could leave the user's directory (RFC 9051 §11.7). */
class FolderNamesTest {

  @Test
  void hierarchyIsDotsAndDotsInANameAreEscaped() {
    assertThat(FolderNames.directory("A/B")).isEqualTo(".A.B");
    assertThat(FolderNames.directory("v1.2")).isEqualTo(".v1\\2e2");
    assertThat(FolderNames.directory("Entwürfe")).isEqualTo(".Entw&APw-rfe"); // modified UTF-7, RFC 3501 §5.1.3
    assertThat(FolderNames.directory("R&D")).isEqualTo(".R&-D");
    for (String n : new String[] {"A/B", "v1.2", "Entwürfe", "R&D", "a/b.c/d", "日本語/x"}) {
      assertThat(FolderNames.problem(n)).isEmpty();
      assertThat(FolderNames.name(FolderNames.directory(n))).contains(n);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "a/..", "../x", ".", "a/./b", "/a", "a//b", "~", "~root", "a/~b", "a\u0000b", "a\nb",
      "a\rb", "tab\tname", "del\u007f", "c1\u0085", "back\\slash", "&AC4ALg-", "x/&AC4ALg-", "&AC8-etc", "&AH4-root",
      "&AAA-", "&AAo-"})
  void namesThatCouldLeaveTheUsersDirectoryAreRefused(String name) {
    assertThat(FolderNames.problem(name)).as(name).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "..creating-1", "..deleted-2", ".", "cur", "new", ".INBOX", ".a\\2", ".a\\zz", ".&Jjo"})
  void directoriesThatAreNoFolderAreNotListed(String directory) {
    assertThat(FolderNames.name(directory)).as(directory).isEmpty();
  }

  @Test
  void tooLongForADirectoryIsRefused() {
    assertThat(FolderNames.problem("x".repeat(255))).isPresent();
    assertThat(FolderNames.problem("x".repeat(200))).isEmpty();
  }
}
