package dev.missive.examples.imap;

import dev.missive.examples.maildir.AtomicFiles;
import dev.missive.imap.MailboxAttribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One user's Maildir++ folders on disk (Courier's layout: the folders of the user's Maildir are the directories
 * {@code .A.B} beside its {@code cur/}, each a Maildir with an empty {@code maildirfolder} file). Creating a folder
 * builds it under a name no reader lists ({@code ..creating-…}) and renames it into place, so a crash never leaves
 * half a folder; deleting renames it out of the way ({@code ..deleted-…}) before removing its files. The special
 * uses of a folder (RFC 6154 §2) are kept in its {@code missive-special-use} file, so they move with a rename.
 */
final class FolderTree {

  /** The file of a folder's special uses, one attribute a line. */
  static final String SPECIAL_USE = "missive-special-use";

  private final Path root;
  private final Supplier<String> uniqueNames;

  FolderTree(Path root, Supplier<String> uniqueNames) {
    this.root = root;
    this.uniqueNames = uniqueNames;
  }

  /** {@return the directory of a mailbox: the user's Maildir for INBOX} */
  Path dir(String name) {
    return FolderNames.isInbox(name) ? root : root.resolve(FolderNames.directory(name));
  }

  /** {@return whether the mailbox exists as a Maildir (INBOX always does)} */
  boolean exists(String name) {
    return Files.isDirectory(dir(name).resolve("cur"));
  }

  /** {@return the names of the folders on disk, INBOX not among them} */
  List<String> names() throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, ".*")) {
      for (Path d : dirs) {
        if (Files.isDirectory(d.resolve("cur"))) {
          FolderNames.name(d.getFileName().toString()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** {@return the special uses recorded for a folder} */
  List<MailboxAttribute> specialUse(String name) {
    try {
      return Files.readAllLines(dir(name).resolve(SPECIAL_USE), StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank()).map(MailboxAttribute::new).filter(MailboxAttribute::isSpecialUse).toList();
    } catch (IOException | IllegalArgumentException none) {
      return List.of();
    }
  }

  /**
   * Creates a folder, whole or not at all.
   *
   * @param name       a new, valid name other than INBOX
   * @param specialUse its special uses
   * @throws IOException if it cannot be created (nothing is left behind)
   */
  void make(String name, List<MailboxAttribute> specialUse) throws IOException {
    Path building = root.resolve("..creating-" + uniqueNames.get());
    try {
      for (String sub : new String[] {"tmp", "new", "cur"}) {
        Files.createDirectories(building.resolve(sub));
      }
      Files.createFile(building.resolve("maildirfolder"));
      if (!specialUse.isEmpty()) {
        StringBuilder text = new StringBuilder();
        specialUse.forEach(a -> text.append(a.name()).append('\n'));
        Files.writeString(building.resolve(SPECIAL_USE), text, StandardCharsets.UTF_8);
      }
      for (String sub : new String[] {"tmp", "new", "cur", ""}) {
        AtomicFiles.forceDirectory(building.resolve(sub));
      }
      Files.move(building, dir(name), StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.forceDirectory(root);
    } catch (IOException e) {
      removeTree(building);
      throw e;
    }
  }

  /**
   * Deletes a folder and its messages.
   *
   * @param name an existing folder other than INBOX
   * @throws IOException if it cannot be moved out of the way (it is then untouched)
   */
  void remove(String name) throws IOException {
    Path away = root.resolve("..deleted-" + uniqueNames.get());
    Files.move(dir(name), away, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.forceDirectory(root);
    removeTree(away);
  }

  /**
   * Renames a folder and every folder below it ({@code .A} and {@code .A.x} to {@code .C} and {@code .C.x}).
   *
   * @param from the existing name, not INBOX
   * @param to   the new name, free, not below {@code from}
   * @return the directories renamed, as they were named before
   * @throws IOException if a rename fails (those done stay done)
   */
  List<Path> rename(String from, String to) throws IOException {
    String prefix = FolderNames.directory(from);
    String target = FolderNames.directory(to);
    List<Path> moved = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, ".*")) {
      for (Path d : dirs) {
        String n = d.getFileName().toString();
        if (n.equals(prefix) || n.startsWith(prefix + ".")) {
          moved.add(d);
        }
      }
    }
    for (Path d : moved) {
      Files.move(d, root.resolve(target + d.getFileName().toString().substring(prefix.length())),
          StandardCopyOption.ATOMIC_MOVE);
    }
    AtomicFiles.forceDirectory(root);
    return moved;
  }

  private static void removeTree(Path dir) throws IOException {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException gone) {
      // nothing to remove
    }
  }
}
